// Resampling intraday bars to a longer timeframe: any minute multiple, hours and 1d. Intraday
// buckets are aligned to each day's session open (09:15 IST, or 13:45 on a Muhurat day), so 1h
// bars are 09:15, 10:15, … 15:15 (the last one 15 minutes long), as exchanges and brokers chart
// them — not to the clock hour. Daily bars are stamped at IST midnight of the trading date, the
// store's convention for every daily source. Bars before the open (pre-open trades) fall into
// buckets on the same grid extended backwards rather than being dropped.
import { createBarSeries, sliceSeries, type BarSeries } from '../core/bar';
import { istDayNumber, istMidnightOfDay } from '../core/calendar/civil-date';
import { nseCalendar, type TradingCalendar } from '../core/calendar/trading-calendar';
import { validationError } from '../core/errors';
import { parseTimeframe, type Timeframe } from '../core/timeframe';

const REGULAR_OPEN_MS = (9 * 60 + 15) * 60_000;

function checkTimeframes(source: string, target: string): { from: Timeframe; to: Timeframe } {
  const from = parseTimeframe(source);
  const to = parseTimeframe(target);
  if (!from)
    throw validationError([
      { path: 'series.timeframe', value: source, expected: 'a timeframe like 1m or 5m' },
    ]);
  if (!to)
    throw validationError([{ path: 'timeframe', value: target, expected: 'a timeframe like 5m, 1h or 1d' }]);
  if (from.daily && !to.daily) {
    throw validationError([
      { path: 'timeframe', value: target, expected: `1d: daily bars cannot be split into ${target}` },
    ]);
  }
  if (!to.daily && (to.seconds < from.seconds || to.seconds % from.seconds !== 0)) {
    throw validationError([
      {
        path: 'timeframe',
        value: target,
        expected: `a multiple of the source timeframe ${from.name} (e.g. ${(from.seconds / 60) * 3}m, 1h or 1d)`,
      },
    ]);
  }
  return { from, to };
}

/** Start of the bucket holding bar time `t`, given that day's open and the bucket length. */
function bucketStart(t: number, open: number, stepMs: number): number {
  return open + Math.floor((t - open) / stepMs) * stepMs;
}

export function resampleBars(
  series: BarSeries,
  timeframe: string,
  calendar: TradingCalendar = nseCalendar,
): BarSeries {
  const { from, to } = checkTimeframes(series.timeframe, timeframe);
  if (from.name === to.name) return series;
  const out = createBarSeries(series.symbol, to.name, series.length);
  const stepMs = to.seconds * 1000;
  let day = NaN;
  let open = 0;
  let k = -1;
  let current = NaN;
  for (let i = 0; i < series.length; i++) {
    const t = series.time[i]!;
    const d = istDayNumber(t);
    if (d !== day) {
      day = d;
      open = to.daily
        ? istMidnightOfDay(d)
        : (calendar.session(d)?.open ?? istMidnightOfDay(d) + REGULAR_OPEN_MS);
    }
    const start = to.daily ? open : bucketStart(t, open, stepMs);
    if (start !== current) {
      current = start;
      k++;
      out.time[k] = start;
      out.open[k] = series.open[i]!;
      out.high[k] = series.high[i]!;
      out.low[k] = series.low[i]!;
      out.close[k] = series.close[i]!;
      out.volume[k] = series.volume[i]!;
      continue;
    }
    if (series.high[i]! > out.high[k]!) out.high[k] = series.high[i]!;
    if (series.low[i]! < out.low[k]!) out.low[k] = series.low[i]!;
    out.close[k] = series.close[i]!;
    out.volume[k] += series.volume[i]!;
  }
  return sliceSeries(out, 0, k + 1);
}
