// Backtests, newest first, with filters (kind, status, symbol, synthetic data) and pages: each
// with its strategy, symbols, period, submission time, duration and headline figures (a sweep's
// best run, a walk-forward's out-of-sample result). Tick two or more finished runs to compare.
import { useEffect, useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../app/router';
import { formatIstSeconds, formatNumber } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { StatusBadge } from '../../ui/status-badge';
import { durationText, headlineOf, periodText, strategyText, symbolsText } from './list-columns';
import { formatStat } from './stats-table';

/** Reload while something runs; otherwise now and then, for runs submitted elsewhere. */
const REFRESH_MS = 3_000;
const IDLE_REFRESH_MS = 15_000;
const PAGE = 25;

type Kind = Outputs['backtests']['get']['kind'];
type Status = Outputs['backtests']['get']['status'];

export function BacktestList() {
  const [kind, setKind] = useState<Kind | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const [symbolText, setSymbolText] = useState('');
  const [symbol, setSymbol] = useState('');
  const [data, setData] = useState<'' | 'synthetic' | 'market'>('');
  const [page, setPage] = useState(0);
  const list = useApi(
    () =>
      api.backtests.list.query({
        kind: kind || undefined,
        status: status ? [status] : undefined,
        symbol: symbol || undefined,
        synthetic: data === '' ? undefined : data === 'synthetic',
        limit: PAGE,
        offset: page * PAGE,
      }),
    [kind, status, symbol, data, page],
  );
  const [picked, setPicked] = useState<number[]>([]);
  const active = list.data?.items.some((b) => b.status === 'queued' || b.status === 'running');
  useEffect(() => {
    const timer = setInterval(list.reload, active ? REFRESH_MS : IDLE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, list.reload]);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setPage(0);
      set(v);
    };
  const now = Date.now();

  return (
    <section class="panel" aria-labelledby="list-title">
      <h2 id="list-title">
        Backtests ({formatNumber(total)})
        <button
          type="button"
          disabled={picked.length < 2}
          onClick={() => navigate('backtests', 'compare', picked.join(','))}
        >
          Compare {picked.length || ''} selected
        </button>
      </h2>
      <form
        class="filters"
        aria-label="Filter backtests"
        onSubmit={(e) => {
          e.preventDefault();
          filter(setSymbol)(symbolText.trim());
        }}
      >
        <label for="filter-kind">
          Kind
          <select
            id="filter-kind"
            value={kind}
            onChange={(e) => filter(setKind)(e.currentTarget.value as Kind)}
          >
            <option value="">all</option>
            <option value="single">single</option>
            <option value="sweep">sweep</option>
            <option value="walk-forward">walk-forward</option>
          </select>
        </label>
        <label for="filter-status">
          Status
          <select
            id="filter-status"
            value={status}
            onChange={(e) => filter(setStatus)(e.currentTarget.value as Status)}
          >
            <option value="">all</option>
            {['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label for="filter-data">
          Data
          <select
            id="filter-data"
            value={data}
            onChange={(e) => filter(setData)(e.currentTarget.value as '' | 'synthetic' | 'market')}
          >
            <option value="">all</option>
            <option value="market">market prices</option>
            <option value="synthetic">synthetic</option>
          </select>
        </label>
        <label for="filter-symbol">
          Symbol
          <input
            id="filter-symbol"
            type="search"
            value={symbolText}
            onInput={(e) => setSymbolText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={list.error} />
      <div class="table-wrap">
        <table aria-label="Backtests">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Compare</span>
              </th>
              <th scope="col">Run</th>
              <th scope="col">Strategy</th>
              <th scope="col">Symbols</th>
              <th scope="col">Period (IST)</th>
              <th scope="col">Submitted (IST)</th>
              <th scope="col">Took</th>
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
            {(list.data?.items ?? []).map((b) => {
              const h = headlineOf(b);
              return (
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
                    <a href={href('backtests', b.id)}>#{b.id}</a>{' '}
                    {b.kind !== 'single' && <span class="muted">{b.kind}</span>}
                    {b.synthetic && (
                      <>
                        {' '}
                        <span class="badge warn" title="generated bars, not market prices">
                          synthetic
                        </span>
                      </>
                    )}
                  </td>
                  <td>{strategyText(b)}</td>
                  <td>{symbolsText(b)}</td>
                  <td>{periodText(b)}</td>
                  <td>{formatIstSeconds(b.queuedAt)}</td>
                  <td>{durationText(b, now)}</td>
                  <td>
                    <StatusBadge status={b.status} />
                    {b.status === 'running' && ` ${Math.round(b.percent)}%`}
                  </td>
                  {h.note && b.kind === 'sweep' ? (
                    <td class="num" colSpan={3}>
                      {h.note}
                    </td>
                  ) : (
                    <>
                      <td class="num" title={h.note}>
                        {formatStat(h.totalReturn, 'percent')}
                      </td>
                      <td class="num" title={h.note}>
                        {formatStat(h.sharpe, 'ratio')}
                      </td>
                      <td class="num" title={h.note}>
                        {formatStat(h.maxDrawdown, 'percent')}
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav class="row" aria-label="Backtest pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          ← Newer
        </button>
        <span class="muted">
          page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Older →
        </button>
      </nav>
    </section>
  );
}
