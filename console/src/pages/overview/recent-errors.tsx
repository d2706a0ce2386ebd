// The daemon's latest warnings and errors (already redacted by its logger), newest first.
import { useEffect } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorBox } from '../../ui/error-box';

const REFRESH_MS = 15_000;

export function RecentErrors() {
  const logs = useApi(() => api.system.recentErrors.query(), []);
  useEffect(() => {
    const timer = setInterval(logs.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [logs.reload]);
  const entries = [...(logs.data ?? [])].reverse().slice(0, 20);
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
                <th scope="col">Time</th>
                <th scope="col">Level</th>
                <th scope="col">Module</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={i}>
                  <td>{new Date(e.at).toLocaleTimeString()}</td>
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
