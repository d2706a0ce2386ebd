// Two or more backtests' equity curves overlaid, each as a return from its own start.
import { useMemo } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { EquityOverlay } from './equity-overlay';
import { formatStat } from './stats-table';

const POINTS = 1000;

export function CompareView({ ids }: { ids: number[] }) {
  const runs = useApi(
    () =>
      Promise.all(ids.map((id) => api.backtests.results.query({ id, points: POINTS, offset: 0, limit: 1 }))),
    [ids.join(',')],
  );
  const curves = useMemo(
    () =>
      (runs.data ?? [])
        .filter((r) => r.equity)
        .map((r) => ({ label: `#${r.backtest.id}`, times: r.equity!.time, values: r.equity!.equity })),
    [runs.data],
  );
  return (
    <>
      <h1>Compare backtests</h1>
      <p>
        <a href={href('backtests')}>← All backtests</a>
      </p>
      <ErrorBox error={runs.error} />
      {ids.length < 2 && <p class="muted">Pick two or more finished backtests on the Backtests page.</p>}
      {curves.length >= 2 && (
        <section class="panel" aria-labelledby="overlay-title" data-testid="equity-overlay">
          <h2 id="overlay-title">Equity, % from start</h2>
          <EquityOverlay curves={curves} />
        </section>
      )}
      {runs.data && (
        <section class="panel" aria-labelledby="compare-stats-title">
          <h2 id="compare-stats-title">Headline figures</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Backtest</th>
                <th scope="col" class="num">
                  Return
                </th>
                <th scope="col" class="num">
                  CAGR
                </th>
                <th scope="col" class="num">
                  Sharpe
                </th>
                <th scope="col" class="num">
                  Max drawdown
                </th>
                <th scope="col" class="num">
                  Trades
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map(({ backtest: b }) => (
                <tr key={b.id}>
                  <td>
                    <a href={href('backtests', b.id)}>#{b.id}</a>
                  </td>
                  <td class="num">{formatStat(b.stats?.totalReturn, 'percent')}</td>
                  <td class="num">{formatStat(b.stats?.cagr, 'percent')}</td>
                  <td class="num">{formatStat(b.stats?.sharpe, 'ratio')}</td>
                  <td class="num">{formatStat(b.stats?.maxDrawdown, 'percent')}</td>
                  <td class="num">{formatStat(b.stats?.trades, 'count')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
