// Ticks → bars, per IST session (pure: time arrives with the ticks and with `advance(now)`).
//
// Intervals are laid from the session's open (09:15 on NSE, from the calendar): a 5m bar covers
// [09:15, 09:20), a 1h bar [09:15, 10:15), and the last bar of the session is cut at the close
// (the 1h bar from 15:15 ends at 15:30). A `1d` bar is the whole session. A bar is emitted when
// its interval has ended *on the clock* — the runner calls advance(now) on a timer — not when
// the next tick arrives, so a silent symbol's bar still closes on time. An interval without
// ticks emits no bar. A tick for an interval already emitted (late) is dropped and counted, as
// are ticks outside every session (pre-open, after the close, holidays).
import type { Bar } from '../core/bar';
import { nseCalendar, type TradingCalendar, type TradingSession } from '../core/calendar/trading-calendar';
import { validationError } from '../core/errors';
import type { ExchangeSegment } from '../core/instrument';
import type { Tick } from '../core/tick';
import { parseTimeframe, type Timeframe } from '../core/timeframe';

export interface AggregatedBar extends Bar {
  symbol: string;
  segment: ExchangeSegment;
  timeframe: string;
  /** When the interval ended (the bar's close time), epoch ms. */
  end: number;
  /** Ticks in the bar. */
  ticks: number;
}

export type TickVerdict = 'accepted' | 'late' | 'outside';

interface Forming extends AggregatedBar {
  key: string;
}

interface SymbolVolume {
  day: number;
  cumulative: number;
}

export class BarAggregator {
  private readonly timeframes: Timeframe[];
  private readonly calendar: TradingCalendar;
  private readonly forming = new Map<string, Forming>();
  /** Bars whose interval was left by a later tick, waiting for the clock to reach their end. */
  private readonly done: Forming[] = [];
  /** End of the last emitted bar per key: ticks before it are late. */
  private readonly emittedUntil = new Map<string, number>();
  private readonly volumes = new Map<string, SymbolVolume>();

  constructor(options: { timeframes: readonly string[]; calendar?: TradingCalendar }) {
    this.calendar = options.calendar ?? nseCalendar;
    this.timeframes = options.timeframes.map((name, i) => {
      const tf = parseTimeframe(name);
      if (!tf)
        throw validationError([
          { path: `timeframes[${i}]`, value: name, expected: 'a timeframe like 1m, 5m, 1h or 1d' },
        ]);
      return tf;
    });
    if (this.timeframes.length === 0)
      throw validationError([{ path: 'timeframes', value: [], expected: 'at least one timeframe' }]);
  }

  /** The interval of `tf` containing `time` in `session`: [start, end). */
  private interval(tf: Timeframe, session: TradingSession, time: number): [number, number] {
    if (tf.daily) return [session.open, session.close];
    const len = tf.seconds * 1000;
    const start = session.open + Math.floor((time - session.open) / len) * len;
    return [start, Math.min(start + len, session.close)];
  }

  /** Sources give 0 when they do not know the cumulative volume: then the ticks' quantities count. */
  private volumeDelta(symbol: string, session: TradingSession, tick: Tick): number {
    const known = this.volumes.get(symbol);
    const cumulative = tick.volume > 0 ? tick.volume : NaN;
    if (!known || known.day !== session.day) {
      this.volumes.set(symbol, { day: session.day, cumulative });
      return tick.lastQty;
    }
    const previous = known.cumulative;
    if (cumulative === cumulative)
      known.cumulative = Math.max(previous === previous ? previous : 0, cumulative);
    if (cumulative !== cumulative || previous !== previous) return tick.lastQty;
    return Math.max(0, cumulative - previous);
  }

  /** Reads the tick at once (sources reuse tick objects): nothing of it is kept. */
  onTick(tick: Tick): TickVerdict {
    const time = tick.exchangeTime;
    const session = this.calendar.sessionAt(time);
    if (!session) return 'outside';
    const { symbol: name, segment } = tick.instrument;
    const symbol = `${segment}:${name}`;
    let late = false;
    const keys = this.timeframes.map((tf) => {
      const key = `${symbol}|${tf.name}`;
      const [start, end] = this.interval(tf, session, time);
      const emitted = this.emittedUntil.get(key) ?? -Infinity;
      if (start < emitted || start < (this.forming.get(key)?.time ?? -Infinity)) late = true;
      return { tf, key, start, end };
    });
    // A tick is late for every timeframe if it is for one: its 1m bar was already handed over.
    if (late) return 'late';
    const volume = this.volumeDelta(symbol, session, tick);
    const p = tick.lastPrice;
    for (const { tf, key, start, end } of keys) {
      let bar = this.forming.get(key);
      if (bar && bar.time !== start) {
        this.done.push(bar);
        bar = undefined;
      }
      if (!bar) {
        bar = {
          key,
          symbol: name,
          segment,
          timeframe: tf.name,
          time: start,
          end,
          open: p,
          high: p,
          low: p,
          close: p,
          volume: 0,
          ticks: 0,
        };
        this.forming.set(key, bar);
      }
      bar.high = Math.max(bar.high, p);
      bar.low = Math.min(bar.low, p);
      bar.close = p;
      bar.volume += volume;
      bar.ticks++;
    }
    return 'accepted';
  }

  /** Every bar whose interval has ended by `now`, ordered by end time, then symbol, then timeframe. */
  advance(now: number): AggregatedBar[] {
    const out: Forming[] = [];
    for (let i = this.done.length - 1; i >= 0; i--) {
      if (this.done[i]!.end <= now) out.push(...this.done.splice(i, 1));
    }
    for (const [key, bar] of this.forming) {
      if (bar.end <= now) {
        out.push(bar);
        this.forming.delete(key);
      }
    }
    const order = new Map(this.timeframes.map((tf, i) => [tf.name, i]));
    out.sort(
      (a, b) =>
        a.end - b.end ||
        (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0) ||
        order.get(a.timeframe)! - order.get(b.timeframe)!,
    );
    return out.map((bar) => {
      this.emittedUntil.set(bar.key, Math.max(this.emittedUntil.get(bar.key) ?? -Infinity, bar.end));
      const { key: _key, ...plain } = bar;
      return plain;
    });
  }

  /** The earliest time a bar now forming will be due (for the runner's timer); Infinity if none. */
  nextDue(): number {
    let next = Infinity;
    for (const bar of this.forming.values()) next = Math.min(next, bar.end);
    for (const bar of this.done) next = Math.min(next, bar.end);
    return next;
  }
}
