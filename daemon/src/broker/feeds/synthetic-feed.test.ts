import { describe, expect, it } from 'vitest';
import { toPaise } from '../../core/money';
import { copyTick, type Tick } from '../../core/tick';
import { istTime } from '../../core/time';
import { nseTickSize } from '../../market/nse-tick-size';
import type { SourceClock } from './feed-source';
import { createSyntheticFeed, demoFeedInstruments } from './synthetic-feed';

/** A clock that moves only when the feed sleeps, yielding to the event loop each time. */
function fakeClock(start: number): SourceClock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      await new Promise((r) => setImmediate(r));
      now += ms;
    },
  };
}

const subscriptions = () =>
  demoFeedInstruments().map((i) => ({ symbol: i.symbol, segment: i.segment, securityId: '' }));

async function collect(rounds: number, seed = 7, start = istTime('2025-01-06', 10, 0)): Promise<Tick[]> {
  const feed = createSyntheticFeed({ universe: demoFeedInstruments(), seed, clock: fakeClock(start) });
  const ticks: Tick[] = [];
  const per = demoFeedInstruments().length;
  feed.onTick((t) => {
    ticks.push(copyTick(t));
    if (ticks.length === rounds * per) void feed.close();
  });
  feed.subscribe(subscriptions());
  await new Promise<void>((resolve) => {
    const wait = () => (feed.status().state === 'idle' ? resolve() : setImmediate(wait));
    wait();
  });
  await feed.close();
  return ticks;
}

describe('the synthetic tick feed', () => {
  it("gives every subscribed demo symbol one tick per second, at the clock's time", async () => {
    const ticks = await collect(3);
    const symbols = demoFeedInstruments().map((i) => i.symbol);
    expect(ticks.map((t) => t.instrument.symbol)).toEqual([...symbols, ...symbols, ...symbols]);
    const start = istTime('2025-01-06', 10, 0);
    expect([...new Set(ticks.map((t) => t.exchangeTime))]).toEqual([start, start + 1000, start + 2000]);
  });

  it('is reproducible from its seed and different for another', async () => {
    expect(await collect(20, 7)).toEqual(await collect(20, 7));
    expect((await collect(20, 8)).map((t) => t.lastPrice)).not.toEqual(
      (await collect(20, 7)).map((t) => t.lastPrice),
    );
  });

  it('walks on the tick grid with a growing session volume that restarts each day', async () => {
    const ticks = await collect(600);
    const start = new Map(demoFeedInstruments().map((i) => [i.symbol, i.price]));
    for (const t of ticks) {
      const tick = toPaise(nseTickSize(start.get(t.instrument.symbol)!));
      expect(toPaise(t.lastPrice) % tick, `${t.instrument.symbol} ${t.lastPrice}`).toBe(0);
      expect(t.lastQty).toBeGreaterThan(0);
    }
    const bank = ticks.filter((t) => t.instrument.symbol === 'DEMOBANK');
    expect(new Set(bank.map((t) => t.lastPrice)).size).toBeGreaterThan(10); // it moves
    for (let i = 1; i < bank.length; i++)
      expect(bank[i]!.volume - bank[i - 1]!.volume).toBe(bank[i]!.lastQty);
    const overnight = await collect(2, 7, istTime('2025-01-06', 23, 59, 59));
    expect(overnight[5]!.volume).toBe(overnight[5]!.lastQty);
  });

  it('reports what it cannot price, ticks only what is subscribed, and refuses a bad setup', async () => {
    const feed = createSyntheticFeed({ universe: demoFeedInstruments(), clock: fakeClock(0) });
    feed.subscribe([{ symbol: 'RELIANCE', segment: 'NSE_EQ', securityId: '2885' }]);
    expect(feed.status()).toMatchObject({
      state: 'idle',
      subscribed: 0,
      detail: 'no synthetic price for RELIANCE',
    });
    expect(feed.isStale('RELIANCE')).toBe(true);
    await feed.close();
    expect(() => createSyntheticFeed({ universe: [] })).toThrow(/universe/);
    expect(() => createSyntheticFeed({ universe: demoFeedInstruments(), intervalMs: 0 })).toThrow(
      /intervalMs: got 0/,
    );
  });
});
