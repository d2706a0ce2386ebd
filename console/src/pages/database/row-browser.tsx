// A page of one table's rows: filter by a column's text, sort by a column, page through.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { DataTable } from '../../ui/data-table';
import { ErrorBox } from '../../ui/error-box';
import { formatNumber } from '../../ui/cell-text';

const PAGE_SIZE = 50;

export function RowBrowser({ schema, table }: { schema: string; table: string }) {
  const [page, setPage] = useState(0);
  const [column, setColumn] = useState('');
  const [contains, setContains] = useState('');
  const [applied, setApplied] = useState<{ column: string; contains: string }>();
  const [sort, setSort] = useState<{ column: string; direction: 'asc' | 'desc' }>();
  const rows = useApi(
    () => api.database.rows.query({ schema, table, page, pageSize: PAGE_SIZE, filter: applied, sort }),
    [schema, table, page, applied?.column, applied?.contains, sort?.column, sort?.direction],
  );
  const columns = rows.data?.columns ?? [];
  const pages = rows.data ? Math.max(1, Math.ceil(rows.data.total / PAGE_SIZE)) : 1;

  const applyFilter = (e: Event) => {
    e.preventDefault();
    setPage(0);
    setApplied(column && contains ? { column, contains } : undefined);
  };

  return (
    <section class="panel" aria-labelledby="rows-title">
      <h2 id="rows-title">
        {schema}.{table}
      </h2>
      <form class="row" onSubmit={applyFilter} aria-label="Filter rows">
        <label for="filter-column">
          Column
          <select id="filter-column" value={column} onChange={(e) => setColumn(e.currentTarget.value)}>
            <option value="">—</option>
            {columns.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <label for="filter-text">
          Contains
          <input
            id="filter-text"
            type="search"
            value={contains}
            onInput={(e) => setContains(e.currentTarget.value)}
          />
        </label>
        <label for="sort-column">
          Sort by
          <select
            id="sort-column"
            value={sort ? `${sort.column}:${sort.direction}` : ''}
            onChange={(e) => {
              const [c, d] = e.currentTarget.value.split(':');
              setSort(c ? { column: c, direction: d === 'desc' ? 'desc' : 'asc' } : undefined);
            }}
          >
            <option value="">primary key</option>
            {columns.flatMap((c) => [
              <option key={`${c.name}:asc`} value={`${c.name}:asc`}>{`${c.name} ↑`}</option>,
              <option key={`${c.name}:desc`} value={`${c.name}:desc`}>{`${c.name} ↓`}</option>,
            ])}
          </select>
        </label>
        <button type="submit">Apply filter</button>
      </form>
      <ErrorBox error={rows.error} />
      {rows.data && (
        <>
          <DataTable
            columns={rows.data.columns}
            rows={rows.data.rows}
            caption={`${formatNumber(rows.data.total)}${rows.data.totalCapped ? '+' : ''} row(s) · page ${page + 1} of ${pages}${rows.data.totalCapped ? '+' : ''}`}
          />
          <nav class="row" aria-label="Pages">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              ← Previous
            </button>
            <button
              type="button"
              disabled={page + 1 >= pages && !rows.data.totalCapped}
              onClick={() => setPage(page + 1)}
            >
              Next →
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
