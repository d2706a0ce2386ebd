// `data import --adjust` (a Yahoo download's Adj Close applied to the whole bar) and
// `--skip-bad-rows` (the good rows imported, the rest reported).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../daemon/src/core/errors';
import { istTime } from '../../daemon/src/core/time';
import { loadBars } from '../../daemon/src/market/bar-store';
import { importCsv } from '../../daemon/src/market/csv-import';
import { createTestDatabase, type TestDatabase } from '../support/database';

const YAHOO = fileURLToPath(new URL('../fixtures/market/yahoo-infy-daily.csv', import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

// The fixture's first row: O 1553 H 1570 L 1550.199951 C 1566.599976, Adj Close 1520.912598.
const FACTOR = 1520.912598 / 1566.599976;

describe('importing a Yahoo download', () => {
  it('refuses its null row unless told to skip bad rows, and then reports it', async () => {
    const err = await importCsv(db.pool, {
      symbol: 'INFY',
      path: YAHOO,
      timeframe: '1d',
      adjust: true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('1 bad row, nothing was imported');
    expect((err as AppError).message).toContain('line 5: Open: got "null", expected a number');

    const stored = await importCsv(db.pool, {
      symbol: 'INFY',
      path: YAHOO,
      timeframe: '1d',
      adjust: true,
      skipBadRows: true,
    });
    expect(stored.written).toBe(5);
    expect(stored.skipped).toEqual({
      rows: 1,
      errors: [{ line: 5, reason: expect.stringContaining('Open: got "null", expected a number') }],
    });
  });

  it('scales open, high, low and close by Adj Close / Close and volume inversely', async () => {
    const [series] = await loadBars(db.pool, { symbols: ['INFY'], timeframe: '1d' });
    expect(series!.time[0]).toBe(istTime('2024-01-01'));
    expect(series!.open[0]).toBeCloseTo(1553 * FACTOR, 6);
    expect(series!.high[0]).toBeCloseTo(1570 * FACTOR, 6);
    expect(series!.low[0]).toBeCloseTo(1550.199951 * FACTOR, 6);
    expect(series!.close[0]).toBeCloseTo(1520.912598, 6);
    expect(series!.volume[0]).toBe(Math.round(3489417 / FACTOR));
    // Every adjusted bar is still consistent (mapping close to Adj Close alone broke 446 of them).
    for (let i = 0; i < series!.length; i++) {
      expect(series!.high[i]).toBeGreaterThanOrEqual(Math.max(series!.open[i]!, series!.close[i]!));
      expect(series!.low[i]).toBeLessThanOrEqual(Math.min(series!.open[i]!, series!.close[i]!));
    }
  });

  it('names the missing column when --adjust meets a file without Adj Close', async () => {
    const plain = fileURLToPath(new URL('../fixtures/market/tcs-daily.csv', import.meta.url));
    await expect(importCsv(db.pool, { symbol: 'TCS', path: plain, adjust: true })).rejects.toThrow(
      /line 1: missing column "adj close" \(needed by adjust\); the header has "Date", "Open"/,
    );
  });

  it('imports nothing when every row is bad, even when skipping bad rows', async () => {
    await expect(
      importCsv(db.pool, {
        symbol: 'NULLS',
        text: 'Date,Open,High,Low,Close,Volume\n2024-01-02,null,null,null,null,null\n',
        skipBadRows: true,
      }),
    ).rejects.toThrow(/1 bad row, nothing was imported/);
  });
});
