// A backtest's statistics, in the order an operator reads them, each formatted by its unit.
// Statistics the engine adds later still show (after these, with their raw value).
import { formatIst, formatNumber, formatRupees } from '../../ui/cell-text';

type Unit = 'percent' | 'rupees' | 'ratio' | 'count' | 'date' | 'duration';

const KNOWN: [key: string, label: string, unit: Unit][] = [
  ['totalReturn', 'Total return', 'percent'],
  ['cagr', 'CAGR', 'percent'],
  ['maxDrawdown', 'Max drawdown', 'percent'],
  ['maxDrawdownStart', 'Max drawdown from', 'date'],
  ['maxDrawdownEnd', 'Max drawdown until', 'date'],
  ['maxDrawdownBars', 'Longest drawdown (bars)', 'count'],
  ['sharpe', 'Sharpe', 'ratio'],
  ['sortino', 'Sortino', 'ratio'],
  ['calmar', 'Calmar', 'ratio'],
  ['annualVolatility', 'Annual volatility', 'percent'],
  ['initialCash', 'Initial cash', 'rupees'],
  ['finalValue', 'Final value', 'rupees'],
  ['trades', 'Trades', 'count'],
  ['ordersRejected', 'Orders rejected', 'count'],
  ['winRate', 'Win rate', 'percent'],
  ['profitFactor', 'Profit factor', 'ratio'],
  ['expectancy', 'Expectancy per trade', 'rupees'],
  ['averageWin', 'Average win', 'rupees'],
  ['averageLoss', 'Average loss', 'rupees'],
  ['largestWin', 'Largest win', 'rupees'],
  ['largestLoss', 'Largest loss', 'rupees'],
  ['averageHoldingBars', 'Average holding (bars)', 'count'],
  ['averageHoldingMs', 'Average holding (time)', 'duration'],
  ['exposure', 'Exposure', 'percent'],
  ['tradedValue', 'Traded value', 'rupees'],
  ['turnover', 'Turnover', 'ratio'],
  ['benchmarkReturn', 'Buy-and-hold return', 'percent'],
  ['alpha', 'Alpha', 'ratio'],
  ['beta', 'Beta', 'ratio'],
  ['bars', 'Bars', 'count'],
  ['startTime', 'Start', 'date'],
  ['endTime', 'End', 'date'],
  ['barsPerYear', 'Bars per year', 'count'],
  ['riskFreeRate', 'Risk-free rate', 'percent'],
];

/** Formats one statistic; NaN and ±Infinity (no losers, no trades) read as words, not numbers. */
export function formatStat(value: unknown, unit: Unit): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return unit === 'date' ? formatIst(value) : value;
  if (typeof value !== 'number') return JSON.stringify(value);
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  switch (unit) {
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'rupees':
      return formatRupees(value);
    case 'ratio':
      return value.toFixed(2);
    case 'date':
      return formatIst(value);
    case 'duration':
      return value >= 86_400_000
        ? `${(value / 86_400_000).toFixed(1)} days`
        : `${(value / 3_600_000).toFixed(1)} h`;
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
