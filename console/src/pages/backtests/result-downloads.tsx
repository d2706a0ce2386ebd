// A finished run's trades, orders and equity curve as CSV files (GET /api/exports/backtest,
// streamed by the daemon; times in IST with their offset, money as exact decimals: docs/exports.md).
import { DownloadButton } from '../../ui/download-button';

const TABLES = [
  ['trades', 'Trades'],
  ['orders', 'Orders'],
  ['equity', 'Equity curve'],
] as const;

export function ResultDownloads({ id }: { id: number }) {
  return (
    <section class="panel" aria-labelledby="downloads-title">
      <h2 id="downloads-title">Downloads</h2>
      <div class="row">
        {TABLES.map(([table, label]) => (
          <DownloadButton
            key={table}
            url={`/api/exports/backtest?id=${id}&table=${table}&format=csv`}
            filename={`backtest-${id}-${table}.csv`}
            label={`${label} (CSV)`}
          />
        ))}
      </div>
    </section>
  );
}
