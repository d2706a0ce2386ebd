// History a deployment's indicators need before its first live decision, from the bar store:
// the last `bars` bars of each symbol before `before`. A symbol whose stored bars do not fill the
// range those bars lie in — [the start of the earliest, before) on the trading calendar — has
// that range fetched from a market source when the runner has one (`fetch`), and the store is
// read again. Too few bars then is a start failure naming each short symbol, its missing range
// and why the fetch did not fill it — a strategy never trades on half-defined indicators.
import { sliceSeries, type BarSeries } from '../../core/bar';
import { nseCalendar } from '../../core/calendar/trading-calendar';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { AppError } from '../../core/errors';
import { parseTimeframe } from '../../core/timeframe';
import type { Pool } from '../../db/pool';
import { loadBars } from '../../market/bar-store';
import { warmupWindowStart } from './warm-up-window';

const SESSION_MINUTES = 375;
const DAY_MS = 86_400_000;

/** A range of a symbol's bars missing from the store. */
export interface HistoryGap {
  symbol: string;
  timeframe: string;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
}

/** Fetches a gap from a market source and stores it (warm-up-fetch.ts); throws when it cannot. */
export type WarmupFetch = (gap: HistoryGap) => Promise<void>;

/** Calendar time that holds `bars` bars of a timeframe, with room for weekends and holidays. */
export function warmupLookbackMs(timeframe: string, bars: number): number {
  const tf = parseTimeframe(timeframe);
  const minutes = !tf || tf.daily ? SESSION_MINUTES : tf.seconds / 60;
  const sessions = Math.ceil((bars * minutes) / SESSION_MINUTES);
  return (Math.ceil((sessions * 7) / 5) + 10) * DAY_MS;
}

/** Bars of a series at or after `from` (the series is in time order). */
function barsSince(series: BarSeries, from: number): number {
  let n = 0;
  for (let i = series.length - 1; i >= 0 && series.time[i]! >= from; i--) n++;
  return n;
}

export async function loadWarmup(
  pool: Pool,
  request: {
    symbols: readonly string[];
    timeframe: string;
    before: number;
    bars: number;
    fetch?: WarmupFetch;
  },
): Promise<BarSeries[]> {
  const { symbols, timeframe, before, bars } = request;
  if (bars === 0) return [];
  const from = before - warmupLookbackMs(timeframe, bars);
  const load = () => loadBars(pool, { symbols, timeframe, from, to: before });
  const last = (series: BarSeries[]) =>
    series.map((s) => sliceSeries(s, Math.max(0, s.length - bars), s.length));
  const shortOf = (series: BarSeries[]) =>
    series.map((s, i) => ({ s, symbol: symbols[i]! })).filter(({ s }) => s.length < bars);
  // The bars the warm-up needs lie in [gapFrom, before) on the calendar. Fewer stored there is a
  // gap (a day not fetched yet, a restart after a pause): fetch it. An illiquid symbol may have
  // no bar in some intervals — after a fetch, what the store holds is what there is.
  const gapFrom = warmupWindowStart(nseCalendar, timeframe, before, bars);
  let series = await load();
  const gaps = series
    .map((s, i) => ({ s, symbol: symbols[i]! }))
    .filter(({ s }) => barsSince(s, gapFrom) < bars);
  const failures = new Map<string, string>();
  if (gaps.length > 0 && request.fetch) {
    for (const { symbol } of gaps) {
      try {
        await request.fetch({ symbol, timeframe, from: gapFrom, to: before });
      } catch (err) {
        failures.set(symbol, (err as Error).message);
      }
    }
    series = await load();
  }
  const short = shortOf(series);
  if (short.length === 0) return last(series);
  const range = `${formatIstDateTime(gapFrom)} – ${formatIstDateTime(before)}`;
  const detail = short.map(({ s, symbol }) => {
    const why = failures.get(symbol);
    const fetched = request.fetch
      ? why
        ? `; fetching it failed: ${why}`
        : '; the source has no more of it'
      : '';
    return `${symbol}: ${s.length} of ${bars} bars, missing ${range}${fetched}`;
  });
  throw new AppError(
    'VALIDATION_FAILED',
    `not enough ${timeframe} history before ${formatIstDateTime(before)} to warm the strategy's indicators up ` +
      `(${detail.join('; ')}): fetch or import the missing bars (quanttrade data fetch/import) and start again`,
    { symbols: short.map(({ symbol }) => symbol), from: gapFrom, to: before },
  );
}
