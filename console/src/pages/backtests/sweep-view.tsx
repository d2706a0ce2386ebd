// A sweep's runs, ranked by its statistic, and — for two parameters — the heatmap.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../app/router';
import { Heatmap } from '../../charts/heatmap';
import { ErrorBox } from '../../ui/error-box';
import { StatusBadge } from '../../ui/status-badge';
import { sweepGrid } from './sweep-grid';
import { formatStat } from './stats-table';

type Backtest = Outputs['backtests']['get'];

const RUNS_SHOWN = 1000;
const PERCENT_STATS = ['totalReturn', 'cagr', 'winRate', 'maxDrawdown', 'annualVolatility'];

export function SweepView({ parent }: { parent: Backtest }) {
  const ranking = useApi(
    () => api.backtests.results.query({ id: parent.id, points: 10, offset: 0, limit: RUNS_SHOWN }),
    [parent.id, parent.status, parent.percent],
  );
  const children = ranking.data?.ranking?.items ?? [];
  const grid = sweepGrid(children);
  const rankBy = parent.rankBy ?? 'sharpe';
  const format = (v: number) => formatStat(v, PERCENT_STATS.includes(rankBy) ? 'percent' : 'ratio');
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <>
      <ErrorBox error={ranking.error} />
      {grid && (
        <section class="panel" aria-labelledby="heatmap-title">
          <h2 id="heatmap-title">
            {rankBy} by {grid.xName} and {grid.yName}
          </h2>
          <Heatmap
            {...grid}
            metric={rankBy}
            format={format}
            onSelect={(x, y) => navigate('backtests', grid.ids[y]![x]!)}
          />
        </section>
      )}
      <section class="panel" aria-labelledby="ranking-title">
        <h2 id="ranking-title">
          Runs ranked by {rankBy}
          <button
            type="button"
            disabled={picked.length < 2}
            onClick={() => navigate('backtests', 'compare', picked.join(','))}
          >
            Compare {picked.length || ''} selected
          </button>
        </h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Compare</span>
                </th>
                <th scope="col" class="num">
                  Rank
                </th>
                <th scope="col">Run</th>
                <th scope="col">Parameters</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  {rankBy}
                </th>
              </tr>
            </thead>
            <tbody>
              {children.map((c) => (
                <tr key={c.backtestId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare run ${c.backtestId}`}
                      disabled={c.status !== 'succeeded'}
                      checked={picked.includes(c.backtestId)}
                      onChange={() => toggle(c.backtestId)}
                    />
                  </td>
                  <td class="num">{c.rank}</td>
                  <td>
                    <a href={href('backtests', c.backtestId)}>#{c.backtestId}</a>
                  </td>
                  <td>{JSON.stringify(c.plan.values ?? c.plan)}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td class="num">{typeof c.value === 'number' ? format(c.value) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
