// The delivery log: every message, newest first — its kind, title, state, attempts, the
// receiver's answer or the error. Reloaded every few seconds while something is still on its way.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';

const PAGE = 50;
const STATUS_CLASS: Record<string, string> = {
  delivered: 'ok',
  failed: 'bad',
  pending: 'warn',
  sending: 'warn',
  digested: 'muted',
};

export function DeliveryLog({
  channels,
  changed,
}: {
  channels: { id: number; name: string }[];
  changed: number;
}) {
  const [channelId, setChannelId] = useState<number>();
  const [page, setPage] = useState(0);
  const log = useApi(
    () => api.notifications.deliveries.query({ channelId, limit: PAGE, offset: page * PAGE }),
    [channelId, page, changed],
  );
  const waiting = log.data?.items.some((d) => d.status === 'pending' || d.status === 'sending');
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(log.reload, 2_000);
    return () => clearInterval(timer);
  }, [waiting, log.reload]);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const pages = Math.max(1, Math.ceil((log.data?.total ?? 0) / PAGE));
  return (
    <section class="panel" aria-labelledby="log-title">
      <h2 id="log-title">Delivery log</h2>
      <div class="filters">
        <label for="log-channel">
          Channel
          <select
            id="log-channel"
            value={channelId ?? ''}
            onChange={(e) => {
              setPage(0);
              setChannelId(e.currentTarget.value ? Number(e.currentTarget.value) : undefined);
            }}
          >
            <option value="">all</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={log.reload}>
          Refresh
        </button>
      </div>
      <ErrorBox error={log.error} />
      <div class="table-wrap">
        <table aria-label="Deliveries">
          <thead>
            <tr>
              <th scope="col">Queued (IST)</th>
              <th scope="col">Channel</th>
              <th scope="col">Kind</th>
              <th scope="col">Message</th>
              <th scope="col">State</th>
              <th scope="col" class="num">
                Attempts
              </th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {(log.data?.items ?? []).map((d) => (
              <tr key={d.id} data-delivery={d.id}>
                <td>{formatIstSeconds(d.createdAt)}</td>
                <td>{names.get(d.channelId) ?? d.channelId}</td>
                <td>{d.kind}</td>
                <td title={d.body}>
                  {d.title}
                  {d.kind === 'digest' && d.digestCount > 0 && (
                    <span class="muted"> ({d.digestCount} held back)</span>
                  )}
                  {d.digestId && <span class="muted"> → digest #{d.digestId}</span>}
                </td>
                <td>
                  <span class={`badge ${STATUS_CLASS[d.status] ?? 'muted'}`}>{d.status}</span>
                  {d.status === 'pending' && d.attempts > 0 && (
                    <span class="muted"> retry {formatIstSeconds(d.nextAttemptAt)}</span>
                  )}
                </td>
                <td class="num">{d.attempts}</td>
                <td title={d.lastError ?? undefined}>
                  {d.responseStatus ? `HTTP ${d.responseStatus}` : ''}
                  {d.lastError && d.status !== 'delivered' ? ` ${d.lastError}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="row" aria-label="Log pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          ← Newer
        </button>
        <span class="muted">
          page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Older →
        </button>
      </nav>
    </section>
  );
}
