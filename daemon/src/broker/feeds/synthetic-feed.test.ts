import { describe, expect, it } from 'vitest';
import { toPaise } from '../../core/money';
import { nseTickSize } from '../../market/nse-tick-size';
import type { Tick } from '../../core/tick';
import { istTime } from '../../core/time';
import type { SourceClock } from '../tick-source';
import { createSyntheticFeed, demoFeedInstruments } from './synthetic-feed';

function fakeClock(start: number): SourceClock {
  let now = start;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

async function collect(rounds: number, seed = 7, start = istTime('2025-01-06', 10, 0)): Promise<Tick[]> {
  const feed = createSyntheticFeed({ instruments: demoFeedInstruments(), seed, clock: fakeClock(start) });
  const ticks: Tick[] = [];
  let n = 0;
  await feed.run({
    onTick: (t) => void ticks.push(t),
    onTime: () => {
      if (++n === rounds) feed.stop();
    },
  });
  return ticks;
}

describe('the synthetic tick feed', () => {
  it("gives every demo symbol one tick per second, at the clock's time", async () => {
    const ticks = await collect(3);
    const symbols = demoFeedInstruments().map((i) => i.symbol);
    expect(ticks.map((t) => t.symbol)).toEqual([...symbols, ...symbols, ...symbols]);
    const start = istTime('2025-01-06', 10, 0);
    expect([...new Set(ticks.map((t) => t.time))]).toEqual([start, start + 1000, start + 2000]);
  });

  it('is reproducible from its seed and different for another', async () => {
    expect(await collect(20, 7)).toEqual(await collect(20, 7));
    expect((await collect(20, 8)).map((t) => t.price)).not.toEqual(
      (await collect(20, 7)).map((t) => t.price),
    );
  });

  it('walks on the tick grid with a growing session volume that restarts each day', async () => {
    const ticks = await collect(600);
    const start = new Map(demoFeedInstruments().map((i) => [i.symbol, i.price]));
    for (const t of ticks) {
      const tick = toPaise(nseTickSize(start.get(t.symbol)!));
      expect(toPaise(t.price) % tick, `${t.symbol} ${t.price}`).toBe(0);
      expect(t.qty).toBeGreaterThan(0);
    }
    const bank = ticks.filter((t) => t.symbol === 'DEMOBANK');
    expect(new Set(bank.map((t) => t.price)).size).toBeGreaterThan(10); // it moves
    for (let i = 1; i < bank.length; i++) expect(bank[i]!.volume - bank[i - 1]!.volume).toBe(bank[i]!.qty);
    const overnight = await collect(2, 7, istTime('2025-01-06', 23, 59, 59));
    expect(overnight[5]!.volume).toBe(overnight[5]!.qty);
  });

  it('refuses an empty universe and a bad interval', () => {
    expect(() => createSyntheticFeed({ instruments: [] })).toThrow(/instruments/);
    expect(() => createSyntheticFeed({ instruments: demoFeedInstruments(), intervalMs: 0 })).toThrow(
      /intervalMs: got 0/,
    );
  });
});
