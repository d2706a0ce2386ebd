// A walk-forward run in its own view (not a sweep's heatmap, where folds overwrote each other):
// the fold table — train and test windows, the parameters chosen in sample, in- and
// out-of-sample return and Sharpe — the out-of-sample test windows chained into one equity curve
// with buy-and-hold beside it, and how steady the chosen parameters were.
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href } from '../../app/router';
import { formatIst } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { StatusBadge } from '../../ui/status-badge';
import { EquityCharts } from './equity-charts';
import { ParamStability } from './param-stability';
import { formatStat } from './stats-table';

type Backtest = Outputs['backtests']['get'];
type Fold = Outputs['backtests']['folds']['folds'][number];

const POINTS = 1200;
/** An IST date; a window's end is exclusive, so its last day is the one before. */
const day = (ms: number) => formatIst(ms).slice(0, 10);
const window = (w: Fold['train']) =>
  `${day(Date.parse(w.from))} – ${day(Date.parse(w.to) - 1)}${w.bars ? ` (${w.bars} bars)` : ''}`;

function paramsText(chosen: Record<string, unknown> | null): string {
  return chosen
    ? Object.entries(chosen)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ')
    : '—';
}

export function WalkForwardView({ parent }: { parent: Backtest }) {
  const view = useApi(
    () => api.backtests.folds.query({ id: parent.id, points: POINTS }),
    [parent.id, parent.status, parent.percent],
  );
  const folds = view.data?.folds ?? [];
  const stitched = view.data?.stitched;
  const oos = (view.data?.outOfSample ?? null) as Record<string, unknown> | null;
  return (
    <>
      <ErrorBox error={view.error} />
      {oos && (
        <section class="panel" aria-labelledby="oos-title">
          <h2 id="oos-title">Out of sample, all folds</h2>
          <div class="cards">
            {(
              [
                ['Return', oos.totalReturn, 'percent'],
                ['Sharpe', oos.sharpe, 'ratio'],
                ['Max drawdown', oos.maxDrawdown, 'percent'],
                ['Buy and hold', oos.benchmarkReturn, 'percent'],
                ['Folds', oos.folds, 'count'],
              ] as const
            ).map(([label, value, unit]) => (
              <div key={label} class="card">
                <div class="muted">{label}</div>
                <div class="big">{formatStat(value, unit)}</div>
              </div>
            ))}
          </div>
        </section>
      )}
      <section class="panel" aria-labelledby="folds-title">
        <h2 id="folds-title">Folds</h2>
        <div class="table-wrap">
          <table aria-label="Walk-forward folds">
            <thead>
              <tr>
                <th scope="col" class="num">
                  Fold
                </th>
                <th scope="col">Train (in sample, IST)</th>
                <th scope="col">Test (out of sample, IST)</th>
                <th scope="col">Chosen parameters</th>
                <th scope="col" class="num">
                  In-sample return
                </th>
                <th scope="col" class="num">
                  In-sample Sharpe
                </th>
                <th scope="col" class="num">
                  Out-of-sample return
                </th>
                <th scope="col" class="num">
                  Out-of-sample Sharpe
                </th>
                <th scope="col">Runs</th>
              </tr>
            </thead>
            <tbody>
              {folds.map((f) => (
                <tr key={f.fold}>
                  <td class="num">{f.fold + 1}</td>
                  <td>{window(f.train)}</td>
                  <td>{window(f.test)}</td>
                  <td>{paramsText(f.chosen)}</td>
                  <td class="num">{formatStat(f.inSample?.totalReturn, 'percent')}</td>
                  <td class="num">{formatStat(f.inSample?.sharpe, 'ratio')}</td>
                  <td class={`num ${(f.outOfSample?.totalReturn ?? 0) < 0 ? 'bad' : ''}`}>
                    {formatStat(f.outOfSample?.totalReturn, 'percent')}
                  </td>
                  <td class="num">{formatStat(f.outOfSample?.sharpe, 'ratio')}</td>
                  <td>
                    {f.inSampleFinished}/{f.inSampleRuns} in sample
                    {f.inSample && (
                      <>
                        {' · '}
                        <a href={href('backtests', f.inSample.backtestId)}>best #{f.inSample.backtestId}</a>
                      </>
                    )}
                    {f.outOfSample && (
                      <>
                        {' · '}
                        <a href={href('backtests', f.outOfSample.backtestId)}>
                          test #{f.outOfSample.backtestId}
                        </a>{' '}
                        <StatusBadge status={f.outOfSample.status} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {stitched && (
        <EquityCharts
          title="Out-of-sample equity (test windows chained)"
          times={stitched.time}
          equity={stitched.equity}
          drawdown={stitched.drawdown}
          benchmark={stitched.benchmark}
        />
      )}
      <ParamStability folds={folds} />
    </>
  );
}
