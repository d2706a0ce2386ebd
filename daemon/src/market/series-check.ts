// The bar store's entry check: a series must be what BarSeries promises (times strictly
// increasing, finite positive prices, consistent OHLC, volume >= 0) before a single row is
// written. Sources validate as they parse; this guards the store against any caller that did not.
import type { BarSeries } from '../core/bar';
import { formatIstDateTime, istDayNumber, istMidnightOfDay } from '../core/calendar/civil-date';
import { validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';

const MAX_LISTED = 5;

function problemAt(series: BarSeries, i: number, daily: boolean): string | undefined {
  const t = series.time[i]!;
  const o = series.open[i]!;
  const h = series.high[i]!;
  const l = series.low[i]!;
  const c = series.close[i]!;
  const v = series.volume[i]!;
  if (!Number.isFinite(t)) return 'time is not a number';
  if (!(o > 0 && h > 0 && l > 0 && c > 0) || !Number.isFinite(h))
    return `prices must be finite and above 0 (o ${o} h ${h} l ${l} c ${c})`;
  if (!(h >= o && h >= c && l <= o && l <= c)) return `OHLC inconsistent (o ${o} h ${h} l ${l} c ${c})`;
  if (!(v >= 0) || !Number.isFinite(v)) return `volume must be >= 0 (got ${v})`;
  if (i > 0) {
    const prev = daily ? istDayNumber(series.time[i - 1]!) : series.time[i - 1]!;
    const cur = daily ? istDayNumber(t) : t;
    if (cur <= prev) return `time ${formatIstDateTime(t)} is not after the previous bar's`;
  }
  return undefined;
}

/** Throws VALIDATION_FAILED naming the first bad bars; returns the parsed timeframe. */
export function checkSeries(series: BarSeries): { daily: boolean } {
  const tf = parseTimeframe(series.timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: series.timeframe, expected: 'a timeframe like 1m, 5m, 1h or 1d' },
    ]);
  if (!series.symbol) throw validationError([{ path: 'symbol', value: series.symbol, expected: 'a symbol' }]);
  const issues = [];
  for (let i = 0; i < series.length && issues.length < MAX_LISTED; i++) {
    const problem = problemAt(series, i, tf.daily);
    if (problem)
      issues.push({ path: `bars[${i}]`, value: formatIstDateTime(series.time[i]!), expected: problem });
  }
  if (issues.length > 0) throw validationError(issues, `bars for ${series.symbol}`);
  return { daily: tf.daily };
}

/** Daily bars are stored at IST midnight of their trading date, whatever time a source used. */
export function storedTime(time: number, daily: boolean): number {
  return daily ? istMidnightOfDay(istDayNumber(time)) : time;
}
