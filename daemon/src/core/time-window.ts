// Bounds of a time window (a backtest's --from/--to, a bar-store query's range) and the bar index
// ranges they select. In the core because engine, backtests, market API and CLI all parse them.
import { validationError } from './errors';
import { DAY_MS, istTime } from './time';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EXPECTED = 'a date YYYY-MM-DD (IST), an ISO date-time, or epoch milliseconds';

/**
 * Parses a window bound to epoch ms. A bare date is an IST calendar day: `from` starts at its
 * midnight, `to` includes the whole day (the bound is the next midnight, exclusive). A date-time
 * without an offset is IST.
 */
export function parseTimeBound(value: string | number, field: 'from' | 'to'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (DATE.test(value)) {
    const midnight = istTime(value);
    if (Number.isFinite(midnight) && validDate(value)) return field === 'to' ? midnight + DAY_MS : midnight;
  } else if (DATE_TIME.test(value)) {
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
    const ms = Date.parse(hasOffset ? value : `${value.replace(' ', 'T')}+05:30`);
    if (Number.isFinite(ms) && validDate(value.slice(0, 10))) return ms;
  }
  throw validationError([{ path: field, value, expected: EXPECTED }]);
}

/** Rejects 2025-02-30 and friends, which Date.UTC would roll over silently. */
function validDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** First index in `time[0..n)` whose value is ≥ `t` (n when none). */
export function lowerBound(time: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
