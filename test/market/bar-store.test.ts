import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { istTime } from '../../daemon/src/core/time';
import { loadBacktestBars, loadBars, storeBars } from '../../daemon/src/market/bar-store';
import { readCoverage } from '../../daemon/src/market/bar-coverage';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function minuteBars(date: string, count: number, base: number, fromMinute = 0): Bar[] {
  return Array.from({ length: count }, (_, i) => {
    const p = base + i * 0.05 + 1 / 3; // a price that is not a short decimal: must round-trip exactly
    return {
      time: istTime(date, 9, 15 + fromMinute + i),
      open: p,
      high: p + 1,
      low: p - 1,
      close: p + 0.5,
      volume: 100 + i,
    };
  });
}

async function count(symbol: string, timeframe: string): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM bars b JOIN instruments i ON i.id = b.instrument_id WHERE i.symbol = $1 AND b.timeframe = $2`,
    [symbol, timeframe],
  );
  return rows[0].n;
}

describe('bar store', () => {
  it('reads back exactly what was written, creating the instrument', async () => {
    const bars = minuteBars('2025-01-06', 300, 1000);
    const [stored] = await storeBars(db.pool, [
      { symbol: 'EXACT', series: barSeriesFromBars('EXACT', '1m', bars), source: 'csv' },
    ]);
    expect(stored!.written).toBe(300);
    expect(stored!.instrument).toMatchObject({
      symbol: 'EXACT',
      exchange: 'NSE',
      segment: 'NSE_EQ',
      synthetic: false,
    });
    const [series] = await loadBars(db.pool, { symbols: ['EXACT'], timeframe: '1m' });
    expect(series!.length).toBe(300);
    expect(Array.from(series!.time)).toEqual(bars.map((b) => b.time));
    expect(Array.from(series!.open)).toEqual(bars.map((b) => b.open));
    expect(Array.from(series!.high)).toEqual(bars.map((b) => b.high));
    expect(Array.from(series!.low)).toEqual(bars.map((b) => b.low));
    expect(Array.from(series!.close)).toEqual(bars.map((b) => b.close));
    expect(Array.from(series!.volume)).toEqual(bars.map((b) => b.volume));
  });

  it('loads a [from, to) range for several symbols in the order asked, empty when none', async () => {
    await storeBars(db.pool, [
      {
        symbol: 'RA',
        series: barSeriesFromBars('RA', '1m', minuteBars('2025-01-06', 10, 10)),
        source: 'csv',
      },
      {
        symbol: 'RB',
        series: barSeriesFromBars('RB', '1m', minuteBars('2025-01-06', 10, 20)),
        source: 'csv',
      },
    ]);
    const [b, a] = await loadBars(db.pool, {
      symbols: ['NSE:RB', 'ra'],
      timeframe: '1m',
      from: istTime('2025-01-06', 9, 17),
      to: istTime('2025-01-06', 9, 20),
    });
    expect(b!.symbol).toBe('RB');
    expect(Array.from(b!.time)).toEqual([17, 18, 19].map((m) => istTime('2025-01-06', 9, m)));
    expect(a!.close[0]).toBe(minuteBars('2025-01-06', 10, 10)[2]!.close);
    const [empty] = await loadBars(db.pool, { symbols: ['RA'], timeframe: '5m' });
    expect(empty!.length).toBe(0);
  });

  it('replaces an overlapping re-import without duplicates and keeps coverage exact', async () => {
    const first = minuteBars('2025-01-07', 100, 500);
    await storeBars(db.pool, [
      { symbol: 'REIMP', series: barSeriesFromBars('REIMP', '1m', first), source: 'csv' },
    ]);
    // Second import: minutes 50..149 with new prices, minute 60 missing.
    const second = minuteBars('2025-01-07', 100, 700, 50).filter((_, i) => i !== 10);
    const [stored] = await storeBars(db.pool, [
      { symbol: 'REIMP', series: barSeriesFromBars('REIMP', '1m', second), source: 'yahoo' },
    ]);
    expect(stored!.replaced).toBe(50);
    expect(await count('REIMP', '1m')).toBe(50 + 99);
    const [series] = await loadBars(db.pool, { symbols: ['REIMP'], timeframe: '1m' });
    expect(series!.close[49]).toBe(first[49]!.close);
    expect(series!.close[50]).toBe(second[0]!.close);
    expect(Array.from(series!.time)).toEqual([...first.slice(0, 50), ...second].map((b) => b.time));
    const [coverage] = await readCoverage(db.pool, [stored!.instrument.id]);
    expect(coverage).toMatchObject({
      bars: 149,
      first: first[0]!.time,
      last: second.at(-1)!.time,
      source: 'yahoo',
    });
    // The same import again changes nothing.
    await storeBars(db.pool, [
      { symbol: 'REIMP', series: barSeriesFromBars('REIMP', '1m', second), source: 'yahoo' },
    ]);
    expect(await count('REIMP', '1m')).toBe(149);
    expect((await readCoverage(db.pool, [stored!.instrument.id]))[0]!.bars).toBe(149);
  });

  it('stores daily bars at IST midnight whatever time the source stamped', async () => {
    const at0915 = [
      { time: istTime('2025-01-06', 9, 15), open: 1, high: 2, low: 1, close: 2, volume: 5 },
      { time: istTime('2025-01-07', 9, 15), open: 2, high: 3, low: 2, close: 3, volume: 6 },
    ];
    await storeBars(db.pool, [
      { symbol: 'DAILY', series: barSeriesFromBars('DAILY', '1d', at0915), source: 'yahoo' },
    ]);
    const midnight = at0915.map((b) => ({
      ...b,
      time: b.time - (9 * 60 + 15) * 60_000,
      close: b.close + 0.5,
      high: b.high + 0.5,
    }));
    await storeBars(db.pool, [
      { symbol: 'DAILY', series: barSeriesFromBars('DAILY', '1d', midnight), source: 'dhan' },
    ]);
    const [series] = await loadBars(db.pool, { symbols: ['DAILY'], timeframe: '1d' });
    expect(Array.from(series!.time)).toEqual([istTime('2025-01-06'), istTime('2025-01-07')]);
    expect(Array.from(series!.close)).toEqual([2.5, 3.5]);
  });

  it('writes all series or none: a bad second series leaves the first unwritten', async () => {
    const good = barSeriesFromBars('ATOM1', '1m', minuteBars('2025-01-08', 5, 10));
    const bad = barSeriesFromBars('ATOM2', '1m', [
      { time: istTime('2025-01-08', 9, 15), open: 10, high: 9, low: 8, close: 9, volume: 1 },
    ]);
    await expect(
      storeBars(db.pool, [
        { symbol: 'ATOM1', series: good, source: 'csv' },
        { symbol: 'ATOM2', series: bad, source: 'csv' },
      ]),
    ).rejects.toThrow(/bars\[0\]: got "2025-01-08 09:15 IST", expected OHLC inconsistent/);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM instruments WHERE symbol LIKE 'ATOM%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('names unknown symbols and empty ranges for backtests', async () => {
    await expect(loadBars(db.pool, { symbols: ['EXACT', 'NOPE'], timeframe: '1m' })).rejects.toThrow(
      /unknown instrument NSE:NOPE/,
    );
    await expect(
      loadBacktestBars(db.pool, {
        symbols: ['EXACT'],
        timeframe: '1m',
        from: istTime('2024-01-01'),
        to: istTime('2024-02-01'),
      }),
    ).rejects.toThrow(
      /EXACT: no 1m bars in the range \(the store holds 1m 2025-01-06 09:15 IST … 2025-01-06 14:14 IST\)/,
    );
  });

  it('refuses to mix synthetic and real bars in one instrument', async () => {
    const series = barSeriesFromBars('MIX', '1m', minuteBars('2025-01-06', 3, 10));
    await storeBars(db.pool, [{ symbol: 'MIX', series, source: 'synthetic', synthetic: true }]);
    await expect(storeBars(db.pool, [{ symbol: 'MIX', series, source: 'csv' }])).rejects.toThrow(
      /NSE:MIX holds synthetic data/,
    );
  });

  it('deletes the bars of a deleted instrument', async () => {
    const [stored] = await storeBars(db.pool, [
      {
        symbol: 'GONE',
        series: barSeriesFromBars('GONE', '1m', minuteBars('2025-01-06', 3, 10)),
        source: 'csv',
      },
    ]);
    await db.pool.query('DELETE FROM instruments WHERE id = $1', [stored!.instrument.id]);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM bars WHERE instrument_id = $1', [
      stored!.instrument.id,
    ]);
    expect(rows[0].n).toBe(0);
  });
});
