// Recent backtests with their status and headline figures; tick two or more to compare.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { StatusBadge } from '../../ui/status-badge';
import { formatStat } from './stats-table';

const REFRESH_MS = 3_000;

export function BacktestList() {
  const list = useApi(() => api.backtests.list.query({ limit: 50 }), []);
  const [picked, setPicked] = useState<number[]>([]);
  const active = list.data?.items.some((b) => b.status === 'queued' || b.status === 'running');
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(list.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, list.reload]);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  return (
    <section class="panel" aria-labelledby="list-title">
      <h2 id="list-title">
        Recent backtests
        <button
          type="button"
          disabled={picked.length < 2}
          onClick={() => navigate('backtests', 'compare', picked.join(','))}
        >
          Compare {picked.length || ''} selected
        </button>
      </h2>
      <ErrorBox error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Backtest</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Return
              </th>
              <th scope="col" class="num">
                Sharpe
              </th>
              <th scope="col" class="num">
                Max DD
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((b) => (
              <tr key={b.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare backtest ${b.id}`}
                    disabled={b.kind !== 'single' || b.status !== 'succeeded'}
                    checked={picked.includes(b.id)}
                    onChange={() => toggle(b.id)}
                  />
                </td>
                <td>
                  <a href={href('backtests', b.id)}>#{b.id}</a>
                  {b.synthetic && (
                    <>
                      {' '}
                      <span class="badge warn" title="generated bars, not market prices">
                        synthetic
                      </span>
                    </>
                  )}
                </td>
                <td>{b.kind}</td>
                <td>
                  <StatusBadge status={b.status} />
                  {b.status === 'running' && ` ${Math.round(b.percent)}%`}
                </td>
                <td class="num">{formatStat(b.stats?.totalReturn, 'percent')}</td>
                <td class="num">{formatStat(b.stats?.sharpe, 'ratio')}</td>
                <td class="num">{formatStat(b.stats?.maxDrawdown, 'percent')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
