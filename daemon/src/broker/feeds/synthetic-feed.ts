// A live synthetic tick feed for the demo symbols (or any instruments given), so paper trading
// works offline on a fresh clone: each round (1 s by default) every instrument gets one trade
// print — a seeded random walk (lognormal, the instrument's annual volatility scaled to one
// round of a 375-minute, 250-session year), on its tick grid, with a random quantity and the
// session's cumulative volume. Time comes from the injected clock; the same seed and clock give
// the same ticks. Prices are synthetic and say so nowhere else: use only DEMO*-style symbols.
import type { ExchangeSegment } from '../../core/instrument';
import { roundToTick } from '../../core/money';
import type { Tick } from '../../core/tick';
import { validationError } from '../../core/errors';
import { DEMO_UNIVERSE } from '../../market/synthetic-universe';
import { seededRandom, seedFrom, type Random } from '../../market/seeded-random';
import { nseTickSize } from '../../market/nse-tick-size';
import { wallClock, type SourceClock, type TickListener, type TickSource } from '../tick-source';

export interface SyntheticInstrument {
  symbol: string;
  segment: ExchangeSegment;
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
  instruments: readonly SyntheticInstrument[];
  seed?: number;
  /** Milliseconds between rounds (one tick per instrument per round). */
  intervalMs?: number;
  clock?: SourceClock;
}

const ROUNDS_PER_YEAR_PER_MS = 1 / (250 * 375 * 60_000);

/** The demo symbols (sql: instruments created by the demo data, DEMOBANK …) as feed instruments. */
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
  tick: number;
  price: number;
  volume: number;
  day: number;
  random: Random;
}

export function createSyntheticFeed(options: SyntheticFeedOptions): TickSource {
  const intervalMs = options.intervalMs ?? 1_000;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 1))
    throw validationError([{ path: 'intervalMs', value: intervalMs, expected: 'milliseconds >= 1' }]);
  if (options.instruments.length === 0)
    throw validationError([{ path: 'instruments', value: [], expected: 'at least one instrument' }]);
  const clock = options.clock ?? wallClock;
  const seed = options.seed ?? 1;
  const sigma = (inst: SyntheticInstrument) =>
    inst.volatility * Math.sqrt(intervalMs * ROUNDS_PER_YEAR_PER_MS);
  const walkers: Walker[] = options.instruments.map((inst) => {
    const tick = inst.tickSize ?? nseTickSize(inst.price);
    return {
      inst,
      tick,
      price: roundToTick(inst.price, tick),
      volume: 0,
      day: NaN,
      random: seededRandom(seedFrom(inst.symbol, seed)),
    };
  });
  let stopped = false;

  function next(w: Walker, time: number): Tick {
    const day = Math.floor((time + 330 * 60_000) / 86_400_000);
    if (day !== w.day) {
      w.day = day;
      w.volume = 0;
    }
    const z = w.random.normal();
    const s = sigma(w.inst);
    w.price = Math.max(w.tick, roundToTick(w.price * Math.exp(s * z - (s * s) / 2), w.tick));
    const qty = (1 + Math.floor(w.random.next() * 50)) * (w.inst.lotSize ?? 1);
    w.volume += qty;
    return {
      symbol: w.inst.symbol,
      segment: w.inst.segment,
      ...(w.inst.securityId ? { securityId: w.inst.securityId } : {}),
      price: w.price,
      qty,
      time,
      volume: w.volume,
    };
  }

  return {
    kind: 'synthetic',
    stop() {
      stopped = true;
    },
    async run(listener: TickListener) {
      let due = clock.now();
      while (!stopped) {
        const time = clock.now();
        for (const w of walkers) {
          if (stopped) return;
          await listener.onTick?.(next(w, time));
        }
        await listener.onTime?.(time);
        due += intervalMs;
        // Behind schedule (a slow consumer): skip the missed rounds rather than burst them.
        if (due < clock.now()) due = clock.now() + intervalMs - ((clock.now() - due) % intervalMs);
        await clock.sleep(due - clock.now());
      }
    },
  };
}
