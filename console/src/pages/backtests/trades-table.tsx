// A page of a backtest's closed trades (the daemon pages them; this shows one page at a time).
import { formatIst, formatNumber } from '../../ui/cell-text';

export interface TradeRow {
  symbol: string;
  side: 'long' | 'short';
  qty: number | string;
  entryTime: number | string;
  entryPrice: number | string;
  exitTime: number | string;
  exitPrice: number | string;
  netPnl: number | string;
  costs?: number | string;
}

interface TradesTableProps {
  trades: TradeRow[];
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}

const num = (v: number | string | undefined) => (v === undefined ? '' : formatNumber(Number(v)));

export function TradesTable({ trades, total, page, pageSize, onPage }: TradesTableProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section class="panel" aria-labelledby="trades-title">
      <h2 id="trades-title">Trades ({formatNumber(total)})</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col" class="num">
                Qty
              </th>
              <th scope="col">Entry (IST)</th>
              <th scope="col" class="num">
                Entry price
              </th>
              <th scope="col">Exit (IST)</th>
              <th scope="col" class="num">
                Exit price
              </th>
              <th scope="col" class="num">
                Costs
              </th>
              <th scope="col" class="num">
                Net PnL
              </th>
            </tr>
          </thead>
          <tbody>
            {trades.map((t, i) => (
              <tr key={i}>
                <td>{t.symbol}</td>
                <td>{t.side}</td>
                <td class="num">{num(t.qty)}</td>
                <td>{formatIst(t.entryTime)}</td>
                <td class="num">{num(t.entryPrice)}</td>
                <td>{formatIst(t.exitTime)}</td>
                <td class="num">{num(t.exitPrice)}</td>
                <td class="num">{num(t.costs)}</td>
                <td class={`num ${Number(t.netPnl) >= 0 ? 'ok' : 'bad'}`}>{num(t.netPnl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="row" aria-label="Trade pages">
        <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
          ← Previous
        </button>
        <span class="muted">
          page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
          Next →
        </button>
      </nav>
    </section>
  );
}
