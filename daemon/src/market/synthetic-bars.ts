// Synthetic bars: geometric Brownian motion on the NSE calendar with Indian tick sizes and
// plausible volumes. Pure and seeded — the same options give the same bars — so demo data,
// tests and benchmarks are reproducible. Instruments holding these bars are marked synthetic.
import { createBarSeries, type BarSeries } from '../core/bar';
import { istMidnightOfDay } from '../core/calendar/civil-date';
import { nseCalendar, type TradingCalendar, type TradingSession } from '../core/calendar/trading-calendar';
import { validationError } from '../core/errors';
import { roundToTick } from '../core/money';
import { parseTimeframe } from '../core/timeframe';
import { nseTickSize } from './nse-tick-size';
import { seededRandom, seedFrom, type Random } from './seeded-random';

export interface SyntheticOptions {
  symbol: string;
  /** `1d` or a minute timeframe (`1m`, `5m`, …). */
  timeframe: string;
  bars: number;
  /** First IST date to generate from (the first session on or after it). */
  startDate: string;
  seed?: number;
  startPrice?: number;
  /** Annualised drift and volatility of log returns. */
  drift?: number;
  volatility?: number;
  /** Typical shares traded per session. */
  sessionVolume?: number;
  calendar?: TradingCalendar;
}

const SESSIONS_PER_YEAR = 250;

function* sessionsFrom(calendar: TradingCalendar, startDate: string): Generator<TradingSession> {
  let session = calendar.session(startDate) ?? calendar.nextSession(startDate);
  for (;;) {
    yield session;
    session = calendar.nextSession(session.day);
  }
}

/** Bars of `stepMs` a session holds, its pause left out. */
export function sessionBarCount(session: TradingSession, stepMs: number): number {
  const all = Math.ceil((session.close - session.open) / stepMs);
  const { pause } = session;
  if (!pause) return all;
  const first = Math.ceil((pause.start - session.open) / stepMs);
  const after = Math.ceil((pause.end - session.open) / stepMs);
  return all - (after - first);
}

/** Bar start times: one per session for 1d (IST midnight), else every step from the open. */
function* barTimes(options: SyntheticOptions, stepMs: number, daily: boolean, calendar: TradingCalendar) {
  for (const session of sessionsFrom(calendar, options.startDate)) {
    if (daily) yield { time: istMidnightOfDay(session.day), index: 0, perSession: 1 };
    else {
      const perSession = Math.ceil((session.close - session.open) / stepMs);
      for (let k = 0; k < perSession; k++) {
        const time = session.open + k * stepMs;
        const { pause } = session;
        if (pause && time >= pause.start && time < pause.end) continue;
        yield { time, index: k, perSession };
      }
    }
  }
}

/** Intraday volume is U-shaped: heavy at the open and close, light at midday. */
function volumeShape(index: number, perSession: number): number {
  if (perSession <= 1) return 1;
  const x = index / (perSession - 1);
  return 0.6 + 4.8 * (x - 0.5) ** 2; // averages 1 over the session
}

function bar(random: Random, open: number, sigma: number, drift: number) {
  const close = open * Math.exp(drift - (sigma * sigma) / 2 + sigma * random.normal());
  const wick = () => Math.abs(random.normal()) * sigma * 0.5 * open;
  return { close, high: Math.max(open, close) + wick(), low: Math.max(0.01, Math.min(open, close) - wick()) };
}

export function generateSyntheticBars(options: SyntheticOptions): BarSeries {
  const tf = parseTimeframe(options.timeframe);
  if (!tf || (!tf.daily && tf.seconds % 60 !== 0)) {
    throw validationError([
      { path: 'timeframe', value: options.timeframe, expected: '1d or a minute timeframe such as 1m or 5m' },
    ]);
  }
  if (!Number.isInteger(options.bars) || options.bars < 0) {
    throw validationError([{ path: 'bars', value: options.bars, expected: 'a whole number >= 0' }]);
  }
  // Years the calendar does not list get weekday sessions: made-up bars need some calendar.
  const calendar = (options.calendar ?? nseCalendar).assumingWeekdays();
  const random = seededRandom(seedFrom(options.symbol, options.seed ?? 1));
  const stepMs = tf.seconds * 1000;
  const barsPerSession = tf.daily ? 1 : Math.ceil((375 * 60_000) / stepMs);
  const dt = 1 / (SESSIONS_PER_YEAR * barsPerSession);
  const sigma = (options.volatility ?? 0.25) * Math.sqrt(dt);
  const drift = (options.drift ?? 0.08) * dt;
  const sessionVolume = options.sessionVolume ?? 1_500_000;
  const series = createBarSeries(options.symbol, tf.name, options.bars);
  let price = options.startPrice ?? 100 + random.next() * 2900;
  let i = 0;
  for (const slot of barTimes(options, stepMs, tf.daily, calendar)) {
    if (i >= options.bars) break;
    // Overnight gap at each session's first bar.
    const open = slot.index === 0 && i > 0 ? price * Math.exp(sigma * 2 * random.normal()) : price;
    const next = bar(random, open, sigma, drift);
    const tick = nseTickSize(open);
    const o = roundToTick(open, tick);
    const c = roundToTick(next.close, tick);
    series.time[i] = slot.time;
    series.open[i] = o;
    series.close[i] = c;
    series.high[i] = Math.max(o, c, roundToTick(next.high, tick, 'up'));
    series.low[i] = Math.min(o, c, Math.max(tick, roundToTick(next.low, tick, 'down')));
    const base = (sessionVolume / barsPerSession) * volumeShape(slot.index, slot.perSession);
    series.volume[i] = Math.max(1, Math.round(base * Math.exp(0.5 * random.normal())));
    price = c;
    i++;
  }
  return series;
}
