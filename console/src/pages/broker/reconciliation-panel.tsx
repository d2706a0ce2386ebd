// Reconciliation of an account with the ledger: the differences passes could not explain (open
// ones, newest seen first), a pass on request with its report, and acknowledging a difference
// once an operator has looked at it (audited by the daemon).
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';

type Report = Outputs['broker']['reconcile'];

function reportText(r: Report): string {
  return (
    `${r.brokerOrders} orders at the broker; ${r.fills} missed fills booked, ${r.statuses} statuses applied, ` +
    `${r.expired} expired; ${r.newDifferences} new, ${r.openDifferences} open, ${r.clearedDifferences} cleared differences` +
    (r.pending.length ? `; ${r.pending.length} sent orders not at the broker yet` : '')
  );
}

export function ReconciliationPanel({ accountId, operator }: { accountId: number; operator: boolean }) {
  const [changed, setChanged] = useState(0);
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const list = useApi(
    () => api.broker.differences.query({ id: accountId, includeResolved: false, limit: 200 }),
    [accountId, changed],
  );
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
      setChanged((n) => n + 1);
    }
  };
  const rows = list.data ?? [];
  return (
    <>
      <h3>Reconciliation</h3>
      {operator && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => setReport(await api.broker.reconcile.mutate({ id: accountId })))
          }
        >
          {busy ? 'Reconciling…' : 'Reconcile with the broker now'}
        </button>
      )}
      {report && (
        <p role="status" data-testid="reconcile-report">
          {reportText(report)}
        </p>
      )}
      <ErrorBox error={error ?? list.error} />
      {rows.length === 0 ? (
        <p class="ok">No open differences: the ledger matches the broker.</p>
      ) : (
        // Focusable: once every row is acknowledged nothing inside is, and it may scroll sideways.
        <div
          class="table-wrap"
          tabIndex={0}
          role="region"
          aria-label="Reconciliation differences, scrollable"
        >
          <table aria-label="Reconciliation differences">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">About</th>
                <th scope="col">What</th>
                <th scope="col">Last seen (IST)</th>
                <th scope="col" class="num">
                  Seen
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} class={d.acknowledgedAt ? undefined : 'stale'}>
                  <td>{d.kind.replaceAll('_', ' ')}</td>
                  <td>{d.subject}</td>
                  <td class="wrap">{d.message}</td>
                  <td>{formatIstSeconds(d.lastSeenAt)}</td>
                  <td class="num">{d.timesSeen}</td>
                  <td>
                    {d.acknowledgedAt ? (
                      <span class="muted">acknowledged by {d.acknowledgedBy}</span>
                    ) : (
                      operator && (
                        <button
                          type="button"
                          onClick={() =>
                            void run(
                              async () => void (await api.broker.acknowledgeDifference.mutate({ id: d.id })),
                            )
                          }
                        >
                          Acknowledge<span class="visually-hidden"> {d.subject}</span>
                        </button>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
