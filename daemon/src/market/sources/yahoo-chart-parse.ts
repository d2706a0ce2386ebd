// Yahoo Finance chart API responses (../shared/reference/india-market.md §4) → bars. Pure.
// Quirks handled: any element may be null (a missing bar: skipped and counted, never 0 — a
// null volume too); no bars at all (`timestamp` missing, `quote: [{}]`); the last bar still in
// progress during market hours (dropped: it would be stored as a whole bar); daily bars stamped
// 09:15 IST (restamped to IST midnight, the store's daily convention); dividends and splits keyed
// by epoch strings; adjusted close for daily and longer intervals.
import { createBarSeries, sliceSeries, type BarSeries } from '../../core/bar';
import { AppError } from '../../core/errors';
import { istDayNumber, istMidnightOfDay } from '../../core/calendar/civil-date';
import { parseTimeframe } from '../../core/timeframe';

export interface CorporateAction {
  /** Epoch ms (ex-date bar). */
  time: number;
  kind: 'dividend' | 'split';
  /** Dividend amount in rupees, or split ratio numerator/denominator. */
  amount?: number;
  numerator?: number;
  denominator?: number;
}

export interface YahooChart {
  series: BarSeries;
  /** Bars dropped because Yahoo sent null values for them. */
  nullBars: number;
  /** Bars dropped because their OHLC was inconsistent (high below low, open or close …). */
  inconsistentBars: number;
  /** The last bar, dropped because it was still forming when Yahoo answered (0 or 1). */
  inProgressBars: number;
  actions: CorporateAction[];
  currency?: string;
  exchange?: string;
  name?: string;
}

type Json = Record<string, unknown>;

function arrayOf(value: unknown): (number | null)[] {
  return Array.isArray(value) ? (value as (number | null)[]) : [];
}

function shapeError(symbol: string, what: string): AppError {
  return new AppError(
    'DEPENDENCY_UNAVAILABLE',
    `Yahoo chart for ${symbol}: unexpected response shape (${what})`,
  );
}

function actions(events: Json | undefined): CorporateAction[] {
  const out: CorporateAction[] = [];
  for (const [kind, key] of [
    ['dividend', 'dividends'],
    ['split', 'splits'],
  ] as const) {
    const entries = (events?.[key] ?? {}) as Record<string, Json>;
    for (const [epoch, e] of Object.entries(entries)) {
      out.push({
        time: Number(e.date ?? epoch) * 1000,
        kind,
        ...(kind === 'dividend'
          ? { amount: Number(e.amount) }
          : { numerator: Number(e.numerator), denominator: Number(e.denominator) }),
      });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Daily bars count as final from 16:00 IST: the close (a VWAP of 15:00–15:30) is settled by then. */
const DAILY_FINAL_AFTER_MS = 16 * 3600_000;

/** Whether the bar starting at `startMs` was still forming at `nowMs`. */
function inProgress(startMs: number, timeframe: string, nowMs: number): boolean {
  const tf = parseTimeframe(timeframe);
  if (tf && !tf.daily) return nowMs < startMs + tf.seconds * 1000;
  return nowMs < istMidnightOfDay(istDayNumber(startMs)) + DAILY_FINAL_AFTER_MS;
}

/**
 * Parses a successful chart body. `adjust`: scale open/high/low/close by adjclose/close (splits
 * and dividends back-adjusted, as for backtests over long histories) and volume by its inverse
 * when adjclose is present — the rule `data import --adjust` applies to a Yahoo download.
 * `nowMs`: when the answer came (the last bar is dropped if its interval had not ended by then).
 */
export function parseYahooChart(
  body: unknown,
  symbol: string,
  timeframe: string,
  adjust: boolean,
  nowMs: number,
): YahooChart {
  const chart = (body as Json | null)?.chart as Json | undefined;
  const result = (chart?.result as Json[] | null | undefined)?.[0];
  if (!result) throw shapeError(symbol, 'no chart.result');
  const meta = (result.meta ?? {}) as Json;
  const stamps = arrayOf(result.timestamp);
  const quote = (((result.indicators as Json | undefined)?.quote as Json[] | undefined)?.[0] ?? {}) as Json;
  const adjclose = arrayOf(
    (((result.indicators as Json | undefined)?.adjclose as Json[] | undefined)?.[0] as Json | undefined)
      ?.adjclose,
  );
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map((k) =>
    arrayOf(quote[k]),
  );
  const daily = timeframe.endsWith('d') || timeframe.endsWith('wk') || timeframe.endsWith('mo');
  const series = createBarSeries(symbol, timeframe, stamps.length);
  let n = 0;
  let nullBars = 0;
  let inconsistentBars = 0;
  let inProgressBars = 0;
  let end = stamps.length;
  if (end > 0 && stamps[end - 1] != null && inProgress(stamps[end - 1]! * 1000, timeframe, nowMs)) {
    end--;
    inProgressBars = 1;
  }
  for (let i = 0; i < end; i++) {
    const [o, h, l, c, v] = [open[i], high[i], low[i], close[i], volume[i]];
    if (stamps[i] == null || o == null || h == null || l == null || c == null || v == null) {
      nullBars++;
      continue;
    }
    if (!(l > 0 && h >= Math.max(o, c, l) && l <= Math.min(o, c))) {
      inconsistentBars++;
      continue;
    }
    const t = stamps[i]! * 1000;
    const factor = adjust && adjclose[i] != null && c > 0 ? adjclose[i]! / c : 1;
    const time = daily ? istMidnightOfDay(istDayNumber(t)) : t;
    if (n > 0 && time <= series.time[n - 1]!) continue; // a live, off-grid last bar repeating a date
    series.time[n] = time;
    series.open[n] = o * factor;
    series.high[n] = h * factor;
    series.low[n] = l * factor;
    series.close[n] = c * factor;
    // Shares scale the other way from prices, so a bar's turnover (price × volume) is unchanged.
    series.volume[n] = factor === 1 ? v : Math.round(v / factor);
    n++;
  }
  return {
    series: sliceSeries(series, 0, n),
    nullBars,
    inconsistentBars,
    inProgressBars,
    actions: actions(result.events as Json | undefined),
    currency: meta.currency as string | undefined,
    exchange: meta.fullExchangeName as string | undefined,
    name: (meta.longName ?? meta.shortName) as string | undefined,
  };
}

/** The error object of a failed chart call: `{chart: {result: null, error: {code, description}}}`. */
export function yahooError(body: unknown): { code: string; description: string } | undefined {
  const error = ((body as Json | null)?.chart as Json | undefined)?.error as Json | null | undefined;
  if (!error) return undefined;
  return { code: String(error.code ?? ''), description: String(error.description ?? '') };
}
