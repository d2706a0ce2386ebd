// The drift report of one trading date, on request (it replays the day's stored bars through the
// backtester, so it is never run on its own): each signal or fill missing, extra or different
// from the backtest; zero rows say the deployment matched its backtest that day.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { formatIstSeconds } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { istDay } from './pnl-history';

type Drift = Outputs['deployments']['drift'];

/** The drift form; the date starts at the day of the deployment's last bar (else today, IST). */
export function DriftPanel({ deploymentId, lastBarAt }: { deploymentId: number; lastBarAt: string | null }) {
  const [date, setDate] = useState(() => istDay(lastBarAt ? Date.parse(lastBarAt) : Date.now()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const [report, setReport] = useState<Drift>();
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await api.deployments.drift.query({ id: deploymentId, date }));
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h3>Drift report</h3>
      <form class="row" onSubmit={(e) => void run(e)}>
        <label for={`drift-date-${deploymentId}`}>Trading date (IST)</label>
        <input
          id={`drift-date-${deploymentId}`}
          type="date"
          required
          value={date}
          onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Replaying…' : 'Run drift report'}
        </button>
      </form>
      <ErrorBox error={error} />
      {report && <DriftResult report={report} />}
    </>
  );
}

export function DriftResult({ report }: { report: Drift }) {
  const s = report.summary;
  const counts = `${s.actualSignals} signal(s) and ${s.actualFills} fill(s) stored; the backtest made ${s.expectedSignals} and ${s.expectedFills}`;
  if (report.rows.length === 0)
    return (
      <p role="status" class="ok" data-testid="drift-result">
        {report.date}: matched its backtest — {counts}, none missing, extra or different.
      </p>
    );
  return (
    <>
      <p role="status" data-testid="drift-result">
        {report.date}: {s.missing} missing, {s.extra} extra, {s.different} different — {counts}.
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Drift, scrollable">
        <table aria-label={`Drift of ${report.date}`}>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Difference</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Backtest</th>
              <th scope="col">Live</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r, k) => (
              <tr key={k}>
                <td>{r.kind}</td>
                <td>
                  <span class="badge bad">{r.difference}</span>
                </td>
                <td>{r.symbol}</td>
                <td>{r.side}</td>
                <td>{r.expected ? side(r.expected) : '—'}</td>
                <td>{r.actual ? side(r.actual) : '—'}</td>
                <td>{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const side = (e: { time: string; price: string | null; qty: number }) =>
  `${formatIstSeconds(e.time)} ${e.qty}${e.price ? ` @ ${e.price}` : ''}`;
