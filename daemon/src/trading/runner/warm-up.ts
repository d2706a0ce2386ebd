// History a deployment's indicators need before its first live decision, from the bar store:
// the last `bars` bars of each symbol before `before`. Too few stored is a start failure that
// names each short symbol and what to fetch — a strategy never trades on half-defined indicators.
import { sliceSeries, type BarSeries } from '../../core/bar';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { AppError } from '../../core/errors';
import { parseTimeframe } from '../../core/timeframe';
import type { Pool } from '../../db/pool';
import { loadBars } from '../../market/bar-store';

const SESSION_MINUTES = 375;
const DAY_MS = 86_400_000;

/** Calendar time that holds `bars` bars of a timeframe, with room for weekends and holidays. */
export function warmupLookbackMs(timeframe: string, bars: number): number {
  const tf = parseTimeframe(timeframe);
  const minutes = !tf || tf.daily ? SESSION_MINUTES : tf.seconds / 60;
  const sessions = Math.ceil((bars * minutes) / SESSION_MINUTES);
  return (Math.ceil((sessions * 7) / 5) + 10) * DAY_MS;
}

export async function loadWarmup(
  pool: Pool,
  request: { symbols: readonly string[]; timeframe: string; before: number; bars: number },
): Promise<BarSeries[]> {
  const { symbols, timeframe, before, bars } = request;
  if (bars === 0) return [];
  const from = before - warmupLookbackMs(timeframe, bars);
  const series = await loadBars(pool, { symbols, timeframe, from, to: before });
  const short = series.map((s, i) => ({ s, symbol: symbols[i]! })).filter(({ s }) => s.length < bars);
  if (short.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `not enough ${timeframe} history before ${formatIstDateTime(before)} to warm the strategy's indicators up ` +
        `(${short.map(({ s, symbol }) => `${symbol}: ${s.length} of ${bars} bars`).join('; ')}): fetch or import earlier bars (quanttrade data fetch/import) and start again`,
      { symbols: short.map(({ symbol }) => symbol) },
    );
  return series.map((s) => sliceSeries(s, s.length - bars, s.length));
}
