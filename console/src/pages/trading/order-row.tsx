// One order in the deployment's order table; expanding it loads its event timeline (the ledger's
// append-only order_events, oldest first; each event's raw message on demand) and its fills with
// their charges by component.
// Operators may ask to cancel a working order: the daemon holding its deployment sends the cancel
// (orders.cancel records the request; asking twice writes once).
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { Money } from './deployments-table';

type Order = Outputs['orders']['list']['orders'][number];

const COLUMNS = 9;
const WORKING = ['new', 'sent', 'open', 'partially_filled'];

export function OrderRow({ order, changed, operator }: { order: Order; changed: number; operator: boolean }) {
  const [open, setOpen] = useState(false);
  const [asked, setAsked] = useState<string>();
  const [error, setError] = useState<CallError>();
  const cancel = async () => {
    setError(undefined);
    try {
      const r = await api.orders.cancel.mutate({ id: order.id });
      setAsked(r.created ? 'cancel requested' : 'cancel already requested');
    } catch (err) {
      setError(toCallError(err));
    }
  };
  const price = order.avgFillPrice ?? order.limitPrice;
  return (
    <>
      <tr>
        <td>
          <button
            type="button"
            class="link"
            aria-expanded={open}
            aria-controls={`order-${order.id}-detail`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'} #{order.id}
          </button>
        </td>
        <td>{formatIstSeconds(order.createdAt)}</td>
        <td>{order.symbol}</td>
        <td>{order.side}</td>
        <td class="num">
          {order.filledQty}/{order.qty}
        </td>
        <td class="num">{price ?? '—'}</td>
        <td class="num">
          <Money value={order.costs} />
        </td>
        <td title={order.reason ?? undefined}>
          {order.status}
          {order.cancelSource && <span class="muted"> ({order.cancelSource})</span>}
        </td>
        <td>
          {operator && WORKING.includes(order.status) && (
            <button type="button" onClick={() => void cancel()}>
              Cancel<span class="visually-hidden"> order {order.id}</span>
            </button>
          )}
          {asked && (
            <span role="status" class="muted">
              {' '}
              {asked}
            </span>
          )}
          <ErrorBox error={error} />
        </td>
      </tr>
      {open && (
        <tr id={`order-${order.id}-detail`}>
          <td colSpan={COLUMNS}>
            <OrderDetail id={order.id} changed={changed} />
          </td>
        </tr>
      )}
    </>
  );
}

/** What the venue or the ledger recorded with the event (the broker's message as received). */
const hasPayload = (p: unknown) =>
  p !== null && p !== undefined && !(typeof p === 'object' && Object.keys(p).length === 0);

function OrderDetail({ id, changed }: { id: number; changed: number }) {
  const detail = useApi(() => api.orders.get.query({ id }), [id, changed]);
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <p class="muted">Loading…</p>;
  const { events, fills } = detail.data;
  return (
    <div>
      <ol aria-label={`Events of order ${id}`}>
        {events.map((e) => (
          <li key={e.id}>
            <span class="muted">{formatIstSeconds(e.createdAt)}</span> {e.kind} → {e.status}
            {e.filledQty > 0 && <> (filled {e.filledQty})</>} <span class="muted">by {e.source}</span>
            {hasPayload(e.payload) && (
              <details>
                <summary>Raw message</summary>
                <pre tabIndex={0}>{JSON.stringify(e.payload, null, 2)}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
      {fills.length > 0 && (
        <table aria-label={`Fills of order ${id}`}>
          <thead>
            <tr>
              <th scope="col">Filled</th>
              <th scope="col" class="num">
                Qty
              </th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                Value
              </th>
              <th scope="col" class="num">
                Costs
              </th>
              <th scope="col">Charges</th>
            </tr>
          </thead>
          <tbody>
            {fills.map((f) => (
              <tr key={f.id}>
                <td>{formatIstSeconds(f.filledAt)}</td>
                <td class="num">{f.qty}</td>
                <td class="num">{f.price}</td>
                <td class="num">
                  <Money value={f.value} />
                </td>
                <td class="num">
                  <Money value={f.costs} />
                </td>
                <td class="muted">
                  {Object.entries(f.charges)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
