// Instruments: search by symbol prefix or name, paged, with the bars stored per timeframe.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { formatNumber } from '../../ui/cell-text';

const PAGE = 25;

export function InstrumentSearch() {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const found = useApi(
    () => api.market.instruments.query({ query: query || undefined, limit: PAGE, offset: page * PAGE }),
    [query, page],
  );
  const total = found.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <section class="panel" aria-labelledby="instruments-title">
      <h2 id="instruments-title">Instruments ({formatNumber(total)})</h2>
      <form
        class="filters"
        aria-label="Search instruments"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(0);
          setQuery(text.trim());
        }}
      >
        <label for="instrument-query">
          Symbol or name
          <input
            id="instrument-query"
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={found.error} />
      <div class="table-wrap">
        <table aria-label="Instruments">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Name</th>
              <th scope="col">Segment</th>
              <th scope="col" class="num">
                Lot
              </th>
              <th scope="col">Bars stored</th>
            </tr>
          </thead>
          <tbody>
            {(found.data?.items ?? []).map((i) => (
              <tr key={i.id}>
                <td>
                  {i.symbol} {i.synthetic && <span class="badge warn">synthetic</span>}
                </td>
                <td>{i.name ?? ''}</td>
                <td>{i.segment}</td>
                <td class="num">{i.lotSize}</td>
                <td>
                  {Object.entries(i.bars).map(([tf, n]) => (
                    <a key={tf} href={href('market', i.symbol, tf)}>
                      {tf}: {formatNumber(n)}{' '}
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="row" aria-label="Instrument pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          ← Previous
        </button>
        <span class="muted">
          page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Next →
        </button>
      </nav>
    </section>
  );
}
