// Dhan chart responses: parallel arrays {open, high, low, close, volume, timestamp} with
// timestamps in epoch seconds (daily candles at IST midnight). Pure.
import { createBarSeries, sliceSeries, type BarSeries } from '../../core/bar';
import { AppError } from '../../core/errors';
import { istDayNumber, istMidnightOfDay } from '../../core/calendar/civil-date';

type Json = Record<string, unknown>;

export interface DhanCandles {
  series: BarSeries;
  /** Candles dropped: null values or inconsistent OHLC. */
  skippedBars: number;
}

function column(body: Json, key: string, symbol: string): (number | null)[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new AppError('DEPENDENCY_UNAVAILABLE', `Dhan candles for ${symbol}: "${key}" is not an array`);
  return value as (number | null)[];
}

export function parseDhanCandles(body: unknown, symbol: string, timeframe: string): DhanCandles {
  if (!body || typeof body !== 'object')
    throw new AppError('DEPENDENCY_UNAVAILABLE', `Dhan candles for ${symbol}: not an object`);
  const b = body as Json;
  const [t, o, h, l, c, v] = ['timestamp', 'open', 'high', 'low', 'close', 'volume'].map((k) =>
    column(b, k, symbol),
  );
  const daily = timeframe === '1d';
  const series = createBarSeries(symbol, timeframe, t!.length);
  let n = 0;
  let skippedBars = 0;
  for (let i = 0; i < t!.length; i++) {
    const [ti, oi, hi, li, ci] = [t![i], o![i], h![i], l![i], c![i]];
    if (
      ti == null ||
      oi == null ||
      hi == null ||
      li == null ||
      ci == null ||
      !(li > 0 && hi >= Math.max(oi, ci, li) && li <= Math.min(oi, ci))
    ) {
      skippedBars++;
      continue;
    }
    const time = daily ? istMidnightOfDay(istDayNumber(ti * 1000)) : ti * 1000;
    if (n > 0 && time <= series.time[n - 1]!) {
      skippedBars++;
      continue;
    }
    series.time[n] = time;
    series.open[n] = oi;
    series.high[n] = hi;
    series.low[n] = li;
    series.close[n] = ci;
    series.volume[n] = v![i] ?? 0;
    n++;
  }
  return { series: sliceSeries(series, 0, n), skippedBars };
}
