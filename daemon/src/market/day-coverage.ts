// Stored bars per IST day against the exchange calendar — the Market data page's calendar strip
// of gaps (market.calendar). One GROUP BY over the range, then every day classified: a session
// with bars (full, or partial for intraday bars short of the session's count), a session with
// none (missing), a closed day, bars on a closed day, or a day the calendar does not know.
import type { TradingCalendar } from '../core/calendar/trading-calendar';
import { formatDays, istDayNumber, istMidnightOfDay, parseIsoDate } from '../core/calendar/civil-date';
import { validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import type { Pool } from '../db/pool';

export type DayStatus = 'full' | 'partial' | 'missing' | 'closed' | 'closed_with_bars' | 'unknown';

export interface DayCoverage {
  /** IST date, YYYY-MM-DD. */
  date: string;
  bars: number;
  /** Bars a full session holds at this timeframe (intraday only). */
  expected: number | null;
  status: DayStatus;
}

/** The most days one request covers: about three years of strip. */
export const MAX_DAYS = 1100;

/** Classifies each day of [fromDay, toDay] from the bar counts per IST day number. Pure. */
export function classifyDays(
  counts: ReadonlyMap<number, number>,
  fromDay: number,
  toDay: number,
  calendar: TradingCalendar,
  timeframe: string,
): DayCoverage[] {
  const tf = parseTimeframe(timeframe);
  const out: DayCoverage[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const bars = counts.get(day) ?? 0;
    const known = calendar.status(day);
    const session = known === 'open' ? calendar.session(day) : undefined;
    const pauseMs = session?.pause ? session.pause.end - session.pause.start : 0;
    const expected =
      session && tf && !tf.daily
        ? Math.ceil((session.close - session.open - pauseMs) / 1000 / tf.seconds)
        : null;
    let status: DayStatus;
    // Outside the calendar's years nothing can be called missing or closed.
    if (known === 'unknown') status = bars > 0 ? 'full' : 'unknown';
    else if (!session) status = bars > 0 ? 'closed_with_bars' : 'closed';
    else if (bars === 0) status = 'missing';
    else status = expected !== null && bars < expected ? 'partial' : 'full';
    out.push({ date: formatDays(day), bars, expected, status });
  }
  return out;
}

function dayOf(text: string, field: string): number {
  const day = parseIsoDate(text);
  if (day !== day) throw validationError([{ path: field, value: text, expected: 'a date YYYY-MM-DD' }]);
  return day;
}

/**
 * The strip for one instrument and timeframe over [from, to] (IST dates, inclusive). Without
 * them: everything stored, or the last MAX_DAYS days of it.
 */
export async function readDayCoverage(
  pool: Pool,
  calendar: TradingCalendar,
  request: {
    instrumentId: number;
    timeframe: string;
    from?: string;
    to?: string;
    /** Epoch ms of the first and last stored bar, for the default range. */
    firstBar?: number;
    lastBar?: number;
  },
): Promise<{ from: string; to: string; days: DayCoverage[] }> {
  const toDay =
    request.to !== undefined ? dayOf(request.to, 'to') : istDayNumber(request.lastBar ?? Date.now());
  const fromDay =
    request.from !== undefined
      ? dayOf(request.from, 'from')
      : Math.max(toDay - (MAX_DAYS - 1), istDayNumber(request.firstBar ?? Date.now() - 365 * 86_400_000));
  if (fromDay > toDay)
    throw validationError([
      { path: 'to', value: request.to, expected: `a date on or after from (${formatDays(fromDay)})` },
    ]);
  if (toDay - fromDay + 1 > MAX_DAYS)
    throw validationError([
      { path: 'from', value: request.from, expected: `at most ${MAX_DAYS} days before to` },
    ]);
  const { rows } = await pool.query<{ day: number; n: number }>(
    `SELECT floor(extract(epoch FROM ts + interval '5 hours 30 minutes') / 86400)::int AS day, count(*)::int AS n
       FROM bars
      WHERE instrument_id = $1 AND timeframe = $2 AND ts >= to_timestamp($3 / 1000.0) AND ts < to_timestamp($4 / 1000.0)
      GROUP BY 1`,
    [request.instrumentId, request.timeframe, istMidnightOfDay(fromDay), istMidnightOfDay(toDay + 1)],
  );
  const counts = new Map(rows.map((r) => [r.day, r.n]));
  return {
    from: formatDays(fromDay),
    to: formatDays(toDay),
    days: classifyDays(counts, fromDay, toDay, calendar, request.timeframe),
  };
}
