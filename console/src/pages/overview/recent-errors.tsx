// The daemon's latest warnings and errors (already redacted by its logger), newest first. The
// heartbeat on system.events says how many have been logged; the list is fetched again when
// that number changes, so a new error shows up within a heartbeat, without polling.
import { useEffect } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';

const SHOWN = 20;

/** `logged`: the heartbeat's count of warnings and errors (undefined until the first one). */
export function RecentErrors({ logged }: { logged: number | undefined }) {
  const logs = useApi(() => api.system.recentErrors.query(), []);
  useEffect(() => {
    if (logged !== undefined) logs.reload();
  }, [logged, logs.reload]);
  const entries = (logs.data ?? []).slice(0, SHOWN);
  return (
    <section class="panel" aria-labelledby="errors-title">
      <h2 id="errors-title">Recent errors</h2>
      <ErrorBox error={logs.error} />
      {entries.length === 0 ? (
        <p class="muted">Nothing logged above info level.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Time (IST)</th>
                <th scope="col">Level</th>
                <th scope="col">Module</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={i}>
                  <td>{formatIstSeconds(e.at)}</td>
                  <td class={e.level === 'warn' ? 'warn' : 'bad'}>{e.level}</td>
                  <td>{e.module ?? ''}</td>
                  <td title={e.err ?? e.msg}>
                    {e.msg}
                    {e.err ? ` — ${e.err}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
