// What the bar store holds: one row per symbol and timeframe, filterable by symbol; a row opens
// its calendar strip and quality report.
import { useState } from 'preact/hooks';
import type { Outputs } from '../../api/client';
import { href } from '../../app/router';
import { formatIst, formatNumber } from '../../ui/cell-text';

type Coverage = Outputs['market']['coverage'];

export function CoverageTable({ coverage, selected }: { coverage: Coverage; selected?: string }) {
  const [filter, setFilter] = useState('');
  const shown = coverage.filter((c) => c.symbol.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <section class="panel" aria-labelledby="coverage-title">
      <h2 id="coverage-title">Stored bars ({formatNumber(coverage.length)})</h2>
      <div class="filters">
        <label for="coverage-filter">
          Symbol contains
          <input
            id="coverage-filter"
            type="search"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </label>
      </div>
      {coverage.length === 0 ? (
        <p class="muted">No bars stored yet: import a CSV or fetch some below.</p>
      ) : (
        <div class="table-wrap">
          <table aria-label="Stored bars per symbol and timeframe">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Timeframe</th>
                <th scope="col" class="num">
                  Bars
                </th>
                <th scope="col">First (IST)</th>
                <th scope="col">Last (IST)</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => {
                const key = `${c.symbol}/${c.timeframe}`;
                return (
                  <tr key={`${c.exchange}:${key}`} class={key === selected ? 'selected' : undefined}>
                    <td>
                      <a
                        href={href('market', c.symbol, c.timeframe)}
                        aria-current={key === selected ? 'true' : undefined}
                      >
                        {c.symbol}
                      </a>{' '}
                      {c.synthetic && <span class="badge warn">synthetic</span>}
                    </td>
                    <td>{c.timeframe}</td>
                    <td class="num">{formatNumber(c.bars)}</td>
                    <td>{formatIst(c.first)}</td>
                    <td>{formatIst(c.last)}</td>
                    <td>{c.source}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
