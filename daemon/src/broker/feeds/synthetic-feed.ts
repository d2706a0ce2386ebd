// A live synthetic tick feed for the demo symbols (or any instruments given), behind the same
// TickSource port as the Dhan market feed, so paper trading works offline on a fresh clone. Each
// round (1 s by default) every subscribed instrument gets one trade print: a seeded random walk
// (lognormal, the instrument's annual volatility scaled to one round of a 375-minute,
// 250-session year) on its tick grid, a random quantity and the session's cumulative volume.
// Time comes from the injected clock; the same seed and clock give the same ticks. The feed runs
// from the first subscription until close(). It never goes stale.
import type { ExchangeSegment } from '../../core/instrument';
import { roundToTick } from '../../core/money';
import type { Tick } from '../../core/tick';
import { validationError } from '../../core/errors';
import { DEMO_UNIVERSE } from '../../market/synthetic-universe';
import { seededRandom, seedFrom, type Random } from '../../market/seeded-random';
import { nseTickSize } from '../../market/nse-tick-size';
import type {
  InstrumentKey,
  StalenessChange,
  TickSource,
  TickSourceStatus,
  TickSubscription,
} from '../tick-source';
import { wallClock, type SourceClock } from './feed-source';

export interface SyntheticInstrument {
  symbol: string;
  segment: ExchangeSegment;
  /** Dhan security id when the instrument has one; '' for synthetic symbols. */
  securityId?: string;
  /** Starting price, rupees. */
  price: number;
  /** Annualised volatility (0.25 = 25 %). */
  volatility: number;
  /** Price step; NSE's slab for the starting price by default. */
  tickSize?: number;
  lotSize?: number;
}

export interface SyntheticFeedOptions {
  /** What the feed can price; subscriptions pick from it (by segment and symbol). */
  universe: readonly SyntheticInstrument[];
  seed?: number;
  /** Milliseconds between rounds (one tick per subscribed instrument per round). */
  intervalMs?: number;
  clock?: SourceClock;
}

const ROUNDS_PER_YEAR_PER_MS = 1 / (250 * 375 * 60_000);

/** The demo symbols (DEMOBANK …, created by the demo data) as feed instruments. */
export function demoFeedInstruments(): SyntheticInstrument[] {
  return DEMO_UNIVERSE.map((d) => ({
    symbol: d.symbol,
    segment: 'NSE_EQ',
    price: d.price,
    volatility: d.volatility,
  }));
}

interface Walker {
  inst: SyntheticInstrument;
  tick: Tick;
  step: number;
  price: number;
  day: number;
  random: Random;
}

const keyOf = (i: { segment: string; symbol?: string; securityId?: string }) =>
  `${i.segment}:${i.symbol ?? i.securityId}`;

export class SyntheticFeed implements TickSource {
  private readonly walkers = new Map<string, Walker>();
  private readonly subscribed = new Map<string, Walker>();
  private readonly listeners = new Set<(tick: Tick) => void>();
  private readonly unknown = new Set<string>();
  private readonly intervalMs: number;
  private readonly clock: SourceClock;
  private loop: Promise<void> | undefined;
  private closed = false;

  constructor(options: SyntheticFeedOptions) {
    this.intervalMs = options.intervalMs ?? 1_000;
    if (!(Number.isFinite(this.intervalMs) && this.intervalMs >= 1))
      throw validationError([
        { path: 'intervalMs', value: options.intervalMs, expected: 'milliseconds >= 1' },
      ]);
    if (options.universe.length === 0)
      throw validationError([{ path: 'universe', value: [], expected: 'at least one instrument' }]);
    this.clock = options.clock ?? wallClock;
    const seed = options.seed ?? 1;
    for (const inst of options.universe) {
      const step = inst.tickSize ?? nseTickSize(inst.price);
      const tick: Tick = {
        instrument: { symbol: inst.symbol, segment: inst.segment, securityId: inst.securityId ?? '' },
        lastPrice: roundToTick(inst.price, step),
        lastQty: 0,
        exchangeTime: NaN,
        receivedAt: NaN,
        volume: 0,
      };
      this.walkers.set(keyOf(inst), {
        inst,
        tick,
        step,
        price: tick.lastPrice,
        day: NaN,
        random: seededRandom(seedFrom(inst.symbol, seed)),
      });
    }
  }

  subscribe(instruments: readonly TickSubscription[]): void {
    for (const i of instruments) {
      const walker = this.walkers.get(keyOf(i));
      if (walker) this.subscribed.set(keyOf(i), walker);
      else this.unknown.add(i.symbol);
    }
    if (this.subscribed.size > 0 && !this.loop && !this.closed) this.loop = this.run();
  }

  unsubscribe(instruments: readonly InstrumentKey[]): void {
    for (const i of instruments)
      for (const [key, w] of this.subscribed)
        if (w.inst.segment === i.segment && (w.inst.securityId ?? '') === i.securityId)
          this.subscribed.delete(key);
  }

  /** The tick object is reused per instrument: copy what you keep (core/tick.ts copyTick). */
  onTick(listener: (tick: Tick) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStaleness(_listener: (change: StalenessChange) => void): () => void {
    return () => undefined;
  }

  isStale(symbol: string): boolean {
    return ![...this.subscribed.values()].some((w) => w.inst.symbol === symbol);
  }

  status(): TickSourceStatus {
    return {
      state: this.closed || this.subscribed.size === 0 ? 'idle' : 'live',
      ...(this.unknown.size ? { detail: `no synthetic price for ${[...this.unknown].join(', ')}` } : {}),
      connections: this.loop && !this.closed ? 1 : 0,
      subscribed: this.subscribed.size,
      staleSymbols: [],
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loop;
  }

  private next(w: Walker, time: number): Tick {
    const day = Math.floor((time + 330 * 60_000) / 86_400_000);
    if (day !== w.day) {
      w.day = day;
      w.tick.volume = 0;
    }
    const s = w.inst.volatility * Math.sqrt(this.intervalMs * ROUNDS_PER_YEAR_PER_MS);
    w.price = Math.max(w.step, roundToTick(w.price * Math.exp(s * w.random.normal() - (s * s) / 2), w.step));
    const qty = (1 + Math.floor(w.random.next() * 50)) * (w.inst.lotSize ?? 1);
    const t = w.tick;
    t.lastPrice = w.price;
    t.lastQty = qty;
    t.exchangeTime = time;
    t.receivedAt = time;
    t.volume += qty;
    return t;
  }

  private async run(): Promise<void> {
    let due = this.clock.now();
    while (!this.closed) {
      const time = this.clock.now();
      for (const w of this.subscribed.values()) {
        const tick = this.next(w, time);
        for (const listener of this.listeners) listener(tick);
        if (this.closed) return;
      }
      due += this.intervalMs;
      // Behind schedule (a slow consumer): skip the missed rounds rather than burst them.
      const now = this.clock.now();
      if (due < now) due = now + this.intervalMs - ((now - due) % this.intervalMs);
      await this.clock.sleep(due - now);
    }
  }
}

export function createSyntheticFeed(options: SyntheticFeedOptions): SyntheticFeed {
  return new SyntheticFeed(options);
}
