// Replay from the bar store: bars stored through the store's own write path come back as a tick
// source, and the paper venue matches them — the pipeline a paper deployment replaying a day uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReplayInstruments } from '../../daemon/src/broker/feeds/replay-load';
import { createReplaySource } from '../../daemon/src/broker/feeds/replay-source';
import { barSeriesFromBars } from '../../daemon/src/core/bar';
import { istTime } from '../../daemon/src/core/time';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openPaperVenue } from './support/paper';
import { createBrokerAccount, createUser } from './support/trading-fixtures';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const bars = Array.from({ length: 30 }, (_, i) => ({
    time: istTime('2025-01-06', 9, 15 + i),
    open: 100 + i,
    high: 101 + i,
    low: 99 + i,
    close: 100.5 + i,
    volume: 1000,
  }));
  await storeBars(db.pool, [
    {
      symbol: 'REPLAYME',
      series: barSeriesFromBars('REPLAYME', '1m', bars),
      source: 'synthetic',
      synthetic: true,
    },
  ]);
});
afterAll(() => db?.drop());

describe('replay from the bar store', () => {
  it("plays a stored range into the paper venue, which fills at the next bar's open", async () => {
    const instruments = await loadReplayInstruments(db.pool, {
      symbols: ['REPLAYME'],
      timeframe: '1m',
      from: istTime('2025-01-06', 9, 20),
      to: istTime('2025-01-06', 9, 30),
    });
    expect(instruments[0]!.series.length).toBe(10);
    const account = await createBrokerAccount(db.pool, await createUser(db.pool));
    let now = 0;
    const venue = await openPaperVenue(
      db.pool,
      account,
      { startingCapital: 100_000, costModel: 'none' },
      { clock: () => now },
    );
    const source = createReplaySource({ instruments, timeframe: '1m', speed: 'max' });
    let placed = false;
    await source.run({
      onBar: async (bar) => {
        now = bar.end;
        await venue.onBar({ symbol: bar.symbol, exchange: 'NSE', segment: bar.segment }, bar);
        if (!placed) {
          placed = true;
          await venue.place({
            clientOrderId: 'replay-1',
            instrument: { symbol: 'REPLAYME', exchange: 'NSE', segment: 'NSE_EQ' },
            side: 'buy',
            qty: 10,
            orderType: 'MARKET',
            product: 'CNC',
            validity: 'DAY',
          });
        }
      },
    });
    const [trade] = await venue.trades();
    expect(trade).toMatchObject({
      clientOrderId: 'replay-1',
      qty: 10,
      price: 106,
      time: istTime('2025-01-06', 9, 21),
    });
  });

  it('names a symbol the store has no bars for in the range', async () => {
    await expect(
      loadReplayInstruments(db.pool, {
        symbols: ['REPLAYME'],
        timeframe: '1m',
        from: istTime('2024-01-01'),
        to: istTime('2024-01-02'),
      }),
    ).rejects.toThrow(/REPLAYME: no 1m bars in the range/);
    await expect(loadReplayInstruments(db.pool, { symbols: ['NOSUCH'], timeframe: '1m' })).rejects.toThrow(
      /unknown instrument NSE:NOSUCH/,
    );
  });
});
