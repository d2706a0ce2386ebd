import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../daemon/src/core/errors';
import { istTime } from '../../daemon/src/core/time';
import { loadBars } from '../../daemon/src/market/bar-store';
import { importCsv } from '../../daemon/src/market/csv-import';
import { createTestDatabase, type TestDatabase } from '../support/database';

const fixtures = fileURLToPath(new URL('../fixtures/market/', import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function instrumentCount(symbol: string): Promise<number> {
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM instruments WHERE symbol = $1', [
    symbol,
  ]);
  return rows[0].n;
}

describe('importCsv', () => {
  it('imports a good file and reports progress', async () => {
    const progress: number[] = [];
    const stored = await importCsv(db.pool, {
      symbol: 'tcs',
      path: join(fixtures, 'tcs-daily.csv'),
      timeframe: '1d',
      onProgress: (written) => progress.push(written),
    });
    expect(stored.written).toBe(3);
    expect(progress.at(-1)).toBe(3);
    const [series] = await loadBars(db.pool, { symbols: ['TCS'], timeframe: '1d' });
    expect(Array.from(series!.time)).toEqual(
      ['2025-01-06', '2025-01-07', '2025-01-08'].map((d) => istTime(d)),
    );
    expect(series!.close[2]).toBe(4035.75);
  });

  it('refuses a file with bad rows, naming each line, and imports nothing', async () => {
    const err = await importCsv(db.pool, {
      symbol: 'BADCO',
      path: join(fixtures, 'tcs-daily-bad.csv'),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('tcs-daily-bad.csv: 3 bad rows, nothing was imported');
    expect(err.message).toContain('line 3: OHLC inconsistent: high 3990 is below open 4001.05');
    expect(err.message).toContain('line 4: Close: got "n/a", expected a number');
    expect(err.message).toContain('line 5: duplicate timestamp 2025-01-06 00:00 IST (already on line 2)');
    expect(err.details.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5]);
    expect(await instrumentCount('BADCO')).toBe(0);
  });

  it('counts every bad row (1500) though the details list the first 1000, on both import paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qt-csv-'));
    const header = 'Date,Open,High,Low,Close,Volume';
    // Daily: parsed whole, then stored. Intraday with a timeframe: streamed into COPY.
    const minute = (i: number) => {
      const t = new Date(istTime('2025-01-06', 9, 15) + i * 60_000 + 5.5 * 3_600_000).toISOString();
      return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
    };
    const cases = [
      { symbol: 'MANYBAD', timeframe: '1d', good: '2025-01-03', bad: () => '2025-01-06' },
      { symbol: 'MANYBADM', timeframe: '1m', good: minute(0), bad: (i: number) => minute(i + 1) },
    ];
    for (const c of cases) {
      const good = `${c.good},1,1,1,1,1`;
      const bad = Array.from({ length: 1500 }, (_, i) => `${c.bad(i)},x${i},1,1,1,1`);
      const path = join(dir, `${c.symbol}.csv`);
      writeFileSync(path, [header, good, ...bad].join('\n'));
      const err = await importCsv(db.pool, { symbol: c.symbol, path, timeframe: c.timeframe }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err.message).toContain(`${c.symbol}.csv: 1500 bad rows, nothing was imported`);
      expect(err.message).toContain('line 22: Open: got "x19", expected a number\n  … 1480 more');
      expect(err.details.badRows).toBe(1500);
      expect(err.details.errors).toHaveLength(1001);
      expect(err.details.errors[1000].reason).toBe('500 more bad rows from line 1003 on are not listed');
      expect(await instrumentCount(c.symbol)).toBe(0);
    }
  });

  it('names a missing file, a binary file and a wrong column', async () => {
    await expect(importCsv(db.pool, { symbol: 'X1', path: join(fixtures, 'missing.csv') })).rejects.toThrow(
      /csv: got ".*missing.csv", expected a readable CSV file \(ENOENT\)/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'qt-csv-'));
    writeFileSync(join(dir, 'data.bin'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]));
    await expect(importCsv(db.pool, { symbol: 'X1', path: join(dir, 'data.bin') })).rejects.toThrow(
      /expected a text CSV file/,
    );
    await expect(
      importCsv(db.pool, {
        symbol: 'X1',
        path: join(fixtures, 'tcs-daily.csv'),
        columns: { close: 'Adj Close' },
      }),
    ).rejects.toThrow(
      /line 1: missing column "adj close" \(mapped to close\); the header has "Date", "Open"/,
    );
    expect(await instrumentCount('X1')).toBe(0);
  });

  it('streams a large intraday file, rolls back on a bad row deep inside it, and merges a re-import', async () => {
    // 10,000 minutes of sessions: 375 a day from 09:15, weekdays from Mon 6 Jan 2025 (no holidays).
    const minuteTimes: number[] = [];
    for (let day = istTime('2025-01-06', 9, 15); minuteTimes.length < 10_000; day += 86_400_000) {
      const weekday = new Date(day + 5.5 * 3_600_000).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      for (let m = 0; m < 375 && minuteTimes.length < 10_000; m++) minuteTimes.push(day + m * 60_000);
    }
    const lines = ['Date,Open,High,Low,Close,Volume'];
    for (let i = 0; i < 10_000; i++) {
      const t = new Date(minuteTimes[i]! + 5.5 * 3_600_000).toISOString();
      lines.push(
        `${t.slice(0, 10)} ${t.slice(11, 16)},${100 + i / 100},${101 + i / 100},${99 + i / 100},${100.5 + i / 100},${i}`,
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'qt-csv-'));
    const bad = [...lines];
    bad[9_000] = bad[9_000]!.replace(/,\d+$/, ',-1');
    writeFileSync(join(dir, 'bad.csv'), bad.join('\n'));
    await expect(
      importCsv(db.pool, { symbol: 'STREAM', path: join(dir, 'bad.csv'), timeframe: '1m' }),
    ).rejects.toThrow(
      /bad\.csv: 1 bad row, nothing was imported\n {2}line 9001: Volume: got -1, expected a number >= 0/,
    );
    expect(await instrumentCount('STREAM')).toBe(0);
    writeFileSync(join(dir, 'good.csv'), lines.join('\n'));
    const stored = await importCsv(db.pool, {
      symbol: 'STREAM',
      path: join(dir, 'good.csv'),
      timeframe: '1m',
    });
    expect(stored).toMatchObject({ written: 10_000, replaced: 0 });
    const [series] = await loadBars(db.pool, { symbols: ['STREAM'], timeframe: '1m' });
    expect(series!.length).toBe(10_000);
    expect(series!.time[9_999]).toBe(minuteTimes[9_999]);
    expect(series!.volume[1234]).toBe(1234);
    // The same range again takes the merge path: nothing duplicated, a changed close replaced.
    const changed = [...lines];
    changed[2] = changed[2]!.replace(/,100\.51,/, ',100.75,');
    writeFileSync(join(dir, 'changed.csv'), changed.join('\n'));
    const again = await importCsv(db.pool, {
      symbol: 'STREAM',
      path: join(dir, 'changed.csv'),
      timeframe: '1m',
    });
    expect(again.replaced).toBe(10_000);
    const [after] = await loadBars(db.pool, { symbols: ['STREAM'], timeframe: '1m' });
    expect(after!.length).toBe(10_000);
    expect(after!.close[1]).toBe(100.75);
  });
});
