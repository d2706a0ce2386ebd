// One deployment's book: its P&L today, positions marked at the last price, orders (each
// expandable to its event timeline and fills), signals — refused ones with the risk rules that
// refused them — and its end-of-day reports and drift report.
// `changed` moves whenever a trading event of this deployment arrives, so everything reloads live.
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { displayName, Money } from './deployments-table';
import { OrderRow } from './order-row';
import { DriftPanel } from './drift-panel';
import { EodReports } from './eod-reports';
import { PnlChart } from './pnl-chart';
import type { LiveFigures } from './pnl-history';

type Deployment = Outputs['deployments']['list']['deployments'][number];

export function DeploymentDetail(props: {
  deployment: Deployment;
  changed: number;
  live: LiveFigures | undefined;
  operator: boolean;
}) {
  const { deployment, changed } = props;
  const id = deployment.id;
  const book = useApi(
    () =>
      Promise.all([
        api.positions.list.query({ by: 'deployment', deploymentId: id }),
        api.orders.list.query({ deploymentId: id, limit: 50 }),
        api.signals.list.query({ deploymentId: id, limit: 50 }),
      ]),
    [id, changed],
  );
  const [positions, orders, signals] = book.data ?? [];
  return (
    <section class="panel" aria-labelledby="deployment-title">
      <h2 id="deployment-title">
        {displayName(deployment)} <span class="muted">#{id}</span>
      </h2>
      <p class="muted">
        strategy {deployment.strategyId} v{deployment.strategyVersion}, {deployment.timeframe}{' '}
        {deployment.product}, capital <Money value={deployment.capital} />, account{' '}
        {deployment.brokerAccountId}
        {deployment.error && <span class="bad"> — {deployment.error}</span>}
      </p>
      {signals?.signals[0] && (
        <p data-testid="last-signal">
          Last signal: bar of {formatIstSeconds(signals.signals[0].barTime)}, recorded{' '}
          {formatIstSeconds(signals.signals[0].createdAt)}
        </p>
      )}
      <ErrorBox error={book.error} />
      <PnlChart deploymentId={id} changed={changed} live={props.live} />
      <h3>Positions</h3>
      {positions && positions.positions.length === 0 ? (
        <p class="muted">No open positions.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Positions, scrollable">
          <table aria-label="Positions">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col" class="num">
                  Qty
                </th>
                <th scope="col" class="num">
                  Avg price
                </th>
                <th scope="col" class="num">
                  Last
                </th>
                <th scope="col" class="num">
                  Unrealised
                </th>
                <th scope="col" class="num">
                  Realised
                </th>
                <th scope="col" class="num">
                  Day P&amp;L
                </th>
                <th scope="col" class="num">
                  Costs
                </th>
              </tr>
            </thead>
            <tbody>
              {positions?.positions.map((p) => (
                <tr key={`${p.instrumentId}-${p.product}`}>
                  <td>{p.symbol}</td>
                  <td class="num">{p.netQty}</td>
                  <td class="num">{p.avgPrice ?? '—'}</td>
                  <td class="num" title={p.lastPriceAt ? formatIstSeconds(p.lastPriceAt) : undefined}>
                    {p.lastPrice ?? '—'}
                  </td>
                  <td class="num">
                    <Money value={p.unrealisedPnl} />
                  </td>
                  <td class="num">
                    <Money value={p.realisedPnl} />
                  </td>
                  <td class="num">
                    <Money value={p.dayPnl} />
                  </td>
                  <td class="num">
                    <Money value={p.costs} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Orders {orders && <span class="muted">({orders.total})</span>}</h3>
      {orders && orders.orders.length === 0 ? (
        <p class="muted">No orders.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Orders, scrollable">
          <table aria-label="Orders">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Created</th>
                <th scope="col">Symbol</th>
                <th scope="col">Side</th>
                <th scope="col" class="num">
                  Filled
                </th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col" class="num">
                  Costs
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders?.orders.map((o) => (
                <OrderRow key={o.id} order={o} changed={changed} operator={props.operator} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Signals {signals && <span class="muted">({signals.total})</span>}</h3>
      {signals && signals.signals.length === 0 ? (
        <p class="muted">No signals yet.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Signals, scrollable">
          <table aria-label="Signals">
            <thead>
              <tr>
                <th scope="col">Bar</th>
                <th scope="col">Symbol</th>
                <th scope="col">Side</th>
                <th scope="col" class="num">
                  Qty
                </th>
                <th scope="col">Status</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {signals?.signals.map((s) => (
                <tr key={s.id}>
                  <td>{formatIstSeconds(s.barTime)}</td>
                  <td>{s.symbol}</td>
                  <td>{s.side}</td>
                  <td class="num">{s.qty}</td>
                  <td>
                    <span
                      class={`badge ${s.status === 'rejected' ? 'bad' : s.status === 'accepted' ? 'ok' : 'muted'}`}
                    >
                      {s.status}
                    </span>
                  </td>
                  <td>
                    {s.violations.length > 0
                      ? s.violations.map((v) => `${v.rule}: ${v.message}`).join('; ')
                      : (s.reason ?? (s.orderId ? `order #${s.orderId}` : ''))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <EodReports deploymentId={id} changed={changed} />
      <DriftPanel deploymentId={id} lastBarAt={deployment.lastBarAt} />
    </section>
  );
}
