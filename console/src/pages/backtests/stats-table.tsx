// A backtest's statistics, in the order an operator reads them, each formatted by its unit.
// Statistics the engine adds later still show (after these, with their raw value).
import { formatNumber } from '../../ui/cell-text';

type Unit = 'percent' | 'rupees' | 'ratio' | 'count' | 'date' | 'days';

const KNOWN: [key: string, label: string, unit: Unit][] = [
  ['totalReturn', 'Total return', 'percent'],
  ['cagr', 'CAGR', 'percent'],
  ['maxDrawdown', 'Max drawdown', 'percent'],
  ['sharpe', 'Sharpe', 'ratio'],
  ['sortino', 'Sortino', 'ratio'],
  ['calmar', 'Calmar', 'ratio'],
  ['annualVolatility', 'Annual volatility', 'percent'],
  ['initialCash', 'Initial cash', 'rupees'],
  ['finalValue', 'Final value', 'rupees'],
  ['trades', 'Trades', 'count'],
  ['winRate', 'Win rate', 'percent'],
  ['profitFactor', 'Profit factor', 'ratio'],
  ['expectancy', 'Expectancy per trade', 'rupees'],
  ['averageWin', 'Average win', 'rupees'],
  ['averageLoss', 'Average loss', 'rupees'],
  ['largestWin', 'Largest win', 'rupees'],
  ['largestLoss', 'Largest loss', 'rupees'],
  ['averageHoldingBars', 'Average holding (bars)', 'count'],
  ['exposure', 'Exposure', 'percent'],
  ['turnover', 'Turnover', 'ratio'],
  ['benchmarkReturn', 'Buy-and-hold return', 'percent'],
  ['alpha', 'Alpha', 'ratio'],
  ['beta', 'Beta', 'ratio'],
  ['bars', 'Bars', 'count'],
  ['startTime', 'Start', 'date'],
  ['endTime', 'End', 'date'],
];

/** Formats one statistic; NaN and ±Infinity (no losers, no trades) read as words, not numbers. */
export function formatStat(value: unknown, unit: Unit): string {
  if (typeof value !== 'number') return value === undefined || value === null ? '—' : JSON.stringify(value);
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  switch (unit) {
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'rupees':
      return `₹${formatNumber(value)}`;
    case 'ratio':
      return value.toFixed(2);
    case 'date':
      return new Date(value).toISOString().slice(0, 10);
    default:
      return formatNumber(value);
  }
}

export function StatsTable({ stats }: { stats: Record<string, unknown> }) {
  const known = new Set(KNOWN.map(([k]) => k));
  const rows = KNOWN.filter(([k]) => k in stats).map(
    ([k, label, unit]) => [label, formatStat(stats[k], unit)] as const,
  );
  const extra = Object.entries(stats)
    .filter(([k, v]) => !known.has(k) && (typeof v === 'number' || typeof v === 'string'))
    .map(([k, v]) => [k, formatStat(v, 'ratio')] as const);
  return (
    <section class="panel" aria-labelledby="stats-title">
      <h2 id="stats-title">Statistics</h2>
      <table>
        <tbody>
          {[...rows, ...extra].map(([label, text]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="num">{text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
