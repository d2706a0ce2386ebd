// The violations feed: denials and scan warnings, newest first, filterable by rule and severity,
// and live — a risk.violation event on risk.events reloads it at once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';

export function ViolationsFeed({ rules, changed }: { rules: string[]; changed: number }) {
  const [rule, setRule] = useState('');
  const [severity, setSeverity] = useState<'' | 'deny' | 'warning'>('');
  const [live, setLive] = useState(0);
  useEffect(() => {
    const sub = api.risk.events.subscribe(
      { types: ['risk.violation'] },
      { onData: () => setLive((n) => n + 1), onError: () => undefined },
    );
    return () => sub.unsubscribe();
  }, []);
  const list = useApi(
    () =>
      api.risk.violations.query({
        limit: 50,
        offset: 0,
        rule: rule || undefined,
        severity: severity || undefined,
      }),
    [rule, severity, live, changed],
  );
  const rows = list.data ?? [];
  return (
    <section class="panel" aria-labelledby="violations-title">
      <h2 id="violations-title">Violations</h2>
      <div class="row">
        <label for="violations-rule">
          <span>Rule</span>{' '}
          <select id="violations-rule" value={rule} onChange={(e) => setRule(e.currentTarget.value)}>
            <option value="">every rule</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label for="violations-severity">
          <span>Severity</span>{' '}
          <select
            id="violations-severity"
            value={severity}
            onChange={(e) => setSeverity(e.currentTarget.value as typeof severity)}
          >
            <option value="">both</option>
            <option value="deny">denials</option>
            <option value="warning">warnings</option>
          </select>
        </label>
      </div>
      <ErrorBox error={list.error} />
      {rows.length === 0 ? (
        <p class="muted">No violations{rule || severity ? ' match' : ' yet'}.</p>
      ) : (
        // Focusable so a keyboard can scroll it sideways on a narrow screen (no controls inside).
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Violations, scrollable">
          <table aria-label="Violations">
            <thead>
              <tr>
                <th scope="col">At (IST)</th>
                <th scope="col">Severity</th>
                <th scope="col">Rule</th>
                <th scope="col">Scope</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((v) => (
                <tr key={v.id}>
                  <td>{formatIstSeconds(v.at)}</td>
                  <td>
                    <span class={`badge ${v.severity === 'deny' ? 'bad' : 'warn'}`}>{v.severity}</span>
                  </td>
                  <td>{v.rule}</td>
                  <td>
                    {v.deploymentId
                      ? `deployment ${v.deploymentId}`
                      : v.accountId
                        ? `account ${v.accountId}`
                        : '—'}
                  </td>
                  <td class="wrap">{v.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
