// Replay of stored bars as a driven source (feed-source.ts): a date range of one timeframe for several symbols,
// emitted in time order at a chosen speed — `60` plays a minute of market time per second,
// `max` as fast as the consumer takes it. Bars are emitted at their end (when a live bar would be
// known). In 'bars' mode each bar is handed over whole (onBar: the paper venue matches it with the
// backtester's rules); in 'ticks' mode each bar becomes four ticks — open, the extreme nearer the
// open, the other extreme, close — spread over its interval, so the live path (bar aggregator,
// tick matching) runs on it and rebuilds the same bars. Market gaps (nights, weekends) are not
// waited out: the pause between two bar ends is at most one bar's length.
import type { BarSeries } from '../../core/bar';
import { nseCalendar, type TradingCalendar } from '../../core/calendar/trading-calendar';
import { validationError } from '../../core/errors';
import type { ExchangeSegment } from '../../core/instrument';
import type { Tick } from '../../core/tick';
import { istDate } from '../../core/time';
import { parseTimeframe, type Timeframe } from '../../core/timeframe';
import {
  wallClock,
  type DrivenSource,
  type FeedBar,
  type FeedListener,
  type SourceClock,
} from './feed-source';

export interface ReplayInstrument {
  symbol: string;
  segment: ExchangeSegment;
  securityId?: string;
  series: BarSeries;
}

export interface ReplayOptions {
  instruments: readonly ReplayInstrument[];
  timeframe: string;
  /** Market seconds per wall second (60 = a minute per second), or 'max'. */
  speed: number | 'max';
  mode?: 'bars' | 'ticks';
  clock?: SourceClock;
  calendar?: TradingCalendar;
}

/** `60`, `1`, `max` … → a speed; undefined when malformed. */
export function parseSpeed(text: string): number | 'max' | undefined {
  if (text.trim() === 'max') return 'max';
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function barEnd(tf: Timeframe, calendar: TradingCalendar, time: number): number {
  const session = calendar.sessionAt(time);
  // Daily bars are stamped at the open or at IST midnight: either way the session of that date.
  if (tf.daily) return session?.close ?? calendar.session(istDate(time))?.close ?? time + 86_400_000;
  const end = time + tf.seconds * 1000;
  return session ? Math.min(end, session.close) : end;
}

/** The four ticks of a bar, spread over [time, end). Volume is split, the remainder on the close. */
export function barTicks(bar: FeedBar, cumulativeBefore: number, receivedAt: number): Tick[] {
  const span = bar.end - bar.time;
  const upFirst = bar.close < bar.open; // a falling bar went up first, a rising one down first
  const prices = [bar.open, upFirst ? bar.high : bar.low, upFirst ? bar.low : bar.high, bar.close];
  const times = [
    bar.time,
    bar.time + Math.floor(span / 3),
    bar.time + Math.floor((2 * span) / 3),
    bar.end - 1,
  ];
  const part = Math.floor(bar.volume / 4);
  let cumulative = cumulativeBefore;
  return prices.map((price, k) => {
    const qty = k === 3 ? bar.volume - 3 * part : part;
    cumulative += qty;
    return {
      instrument: { symbol: bar.symbol, segment: bar.segment, securityId: bar.securityId ?? '' },
      lastPrice: price,
      lastQty: qty,
      exchangeTime: times[k]!,
      receivedAt,
      volume: cumulative,
    };
  });
}

export function createReplaySource(options: ReplayOptions): DrivenSource & { readonly bars: number } {
  const tf = parseTimeframe(options.timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: options.timeframe, expected: 'a timeframe like 1m, 5m, 1h or 1d' },
    ]);
  const speed = options.speed;
  if (speed !== 'max' && !(typeof speed === 'number' && speed > 0))
    throw validationError([
      { path: 'speed', value: speed, expected: "a number > 0 (60 = a minute per second) or 'max'" },
    ]);
  const clock = options.clock ?? wallClock;
  const calendar = options.calendar ?? nseCalendar;
  const bars: FeedBar[] = [];
  for (const inst of options.instruments) {
    const s = inst.series;
    for (let i = 0; i < s.length; i++) {
      const time = s.time[i]!;
      bars.push({
        symbol: inst.symbol,
        segment: inst.segment,
        ...(inst.securityId ? { securityId: inst.securityId } : {}),
        timeframe: tf.name,
        time,
        end: barEnd(tf, calendar, time),
        open: s.open[i]!,
        high: s.high[i]!,
        low: s.low[i]!,
        close: s.close[i]!,
        volume: s.volume[i]!,
      });
    }
  }
  bars.sort((a, b) => a.end - b.end);
  let stopped = false;

  return {
    kind: 'replay',
    bars: bars.length,
    stop() {
      stopped = true;
    },
    async run(listener: FeedListener) {
      const wallStart = clock.now();
      const barMs = tf.daily ? 375 * 60_000 : tf.seconds * 1000;
      let elapsed = 0;
      let previousEnd = NaN;
      const cumulative = new Map<string, { day: number; volume: number }>();
      for (let i = 0; i < bars.length && !stopped;) {
        const end = bars[i]!.end;
        let j = i;
        while (j < bars.length && bars[j]!.end === end) j++;
        const group = bars.slice(i, j);
        i = j;
        elapsed += previousEnd === previousEnd ? Math.min(end - previousEnd, barMs) : 0;
        previousEnd = end;
        if (options.mode === 'ticks') {
          const ticks = group.flatMap((bar) => {
            const key = `${bar.segment}:${bar.symbol}`;
            const day = Math.floor((bar.time + 330 * 60_000) / 86_400_000);
            const known = cumulative.get(key);
            const before = known && known.day === day ? known.volume : 0;
            cumulative.set(key, { day, volume: before + bar.volume });
            return barTicks(bar, before, clock.now());
          });
          ticks.sort((a, b) => a.exchangeTime - b.exchangeTime);
          for (const tick of ticks) {
            if (stopped) return;
            await pace(tick.exchangeTime - end);
            await listener.onTick?.(tick);
          }
        } else {
          await pace(0);
          for (const bar of group) await listener.onBar?.(bar);
        }
        await listener.onTime?.(end);
      }

      async function pace(offset: number): Promise<void> {
        if (speed === 'max') return;
        const due = wallStart + (elapsed + Math.min(0, offset)) / speed;
        const wait = due - clock.now();
        if (wait > 0) await clock.sleep(wait);
      }
    },
  };
}
