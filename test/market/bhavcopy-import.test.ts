// NSE bhavcopies (the UDiFF layout from July 2024 and the older CM layout) import every symbol of
// each day in one command, with series filtering. Fixtures are shaped like NSE's files.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../daemon/src/cli/main';
import { AppError } from '../../daemon/src/core/errors';
import { istTime } from '../../daemon/src/core/time';
import { loadBars } from '../../daemon/src/market/bar-store';
import { importBhavcopies } from '../../daemon/src/market/bhavcopy-import';
import { createTestDatabase, type TestDatabase } from '../support/database';

const dir = fileURLToPath(new URL('../fixtures/market/bhavcopy/', import.meta.url));
const UDIFF_8 = join(dir, 'BhavCopy_NSE_CM_0_0_0_20240708_F_0000.csv');
const UDIFF_9 = join(dir, 'BhavCopy_NSE_CM_0_0_0_20240709_F_0000.csv');
const LEGACY_5 = join(dir, 'cm05JUL2024bhav.csv');
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function data(...args: string[]) {
  const err: string[] = [];
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return { code: await runCli(['data', ...args, '--database-url', db.url]), err: err.join('') };
  } finally {
    write.mockRestore();
    error.mockRestore();
    log.mockRestore();
  }
}

async function closes(symbol: string): Promise<Record<string, number>> {
  const [s] = await loadBars(db.pool, { symbols: [symbol], timeframe: '1d' });
  return Object.fromEntries(
    Array.from(s!.time, (t, i) => [new Date(t + 5.5 * 3_600_000).toISOString().slice(0, 10), s!.close[i]!]),
  );
}

describe('bhavcopy import', () => {
  it('imports every symbol of three days from both layouts in one command', async () => {
    const result = await data('import', '--bhavcopy', [UDIFF_9, LEGACY_5, UDIFF_8].join(','));
    expect(result.code).toBe(0);
    expect(result.err).toMatch(
      /imported 3 NSE bhavcopy days \(2024-07-05 … 2024-07-09\): 14 daily bars of 6 symbols \(14 new\)/,
    );
    expect(result.err).toMatch(/left out by series \(kept EQ, BE, BZ, SM, ST, SZ\): GS 1, N1 1, N5 1/);
    expect(await closes('RELIANCE')).toEqual({
      '2024-07-05': 3186.65,
      '2024-07-08': 3178.75,
      '2024-07-09': 3169.2,
    });
    expect(await closes('M&M')).toEqual({
      '2024-07-05': 2861.5,
      '2024-07-08': 2887.1,
      '2024-07-09': 2845.55,
    });
    expect(await closes('GRAVITA')).toHaveProperty('2024-07-08', 1431.85); // series BE
    expect(await closes('SMEALPHA')).toEqual({ '2024-07-09': 212.5 }); // series SM
    const [tcs] = await loadBars(db.pool, { symbols: ['TCS'], timeframe: '1d' });
    expect(tcs!.time[1]).toBe(istTime('2024-07-08'));
    expect([tcs!.open[1], tcs!.high[1], tcs!.low[1], tcs!.volume[1]]).toEqual([3990, 4015.45, 3972, 1523911]);
    const { rows } = await db.pool.query(`SELECT name FROM instruments WHERE symbol = 'TCS'`);
    expect(rows[0].name).toBe('TATA CONSULTANCY SERV LT');
    await expect(loadBars(db.pool, { symbols: ['718GS2033'], timeframe: '1d' })).rejects.toThrow(/unknown/);
  });

  it('writes nothing when the same files come again, and says so', async () => {
    const again = await data('import', '--bhavcopy', dir);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(
      /nothing to write: the 14 daily bars of 6 symbols .* are stored already, unchanged/,
    );
  });

  it('keeps only the series asked for', async () => {
    const result = await importBhavcopies(db.pool, { paths: [UDIFF_8], series: ['GS'] });
    expect(result).toMatchObject({ symbols: 1, bars: 1 });
    expect(await closes('718GS2033')).toEqual({ '2024-07-08': 100.02 });
  });

  it('never deletes a stored day that lies between two imported files', async () => {
    // 5 and 9 Jul imported alone: the 8th (stored above) is not in either file's day.
    const result = await importBhavcopies(db.pool, { paths: [LEGACY_5, UDIFF_9] });
    expect(result.inserted + result.updated + result.deleted).toBe(0);
    expect(await closes('TCS')).toHaveProperty('2024-07-08', 4006.4);
  });

  it('refuses a day the exchange was closed, two files for one day, and bad rows by file and line', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'qt-bhav-'));
    const holiday = join(tmp, 'BhavCopy_NSE_CM_0_0_0_20240717_F_0000.csv');
    writeFileSync(holiday, readFileSync(UDIFF_8, 'utf8').replaceAll('2024-07-08', '2024-07-17'));
    await expect(importBhavcopies(db.pool, { paths: [holiday] })).rejects.toThrow(
      /BhavCopy_NSE_CM_0_0_0_20240717_F_0000\.csv: 2024-07-17 is not an NSE trading day \(Muharram\)/,
    );
    const copy = join(tmp, 'copy.csv');
    copyFileSync(UDIFF_8, copy);
    await expect(importBhavcopies(db.pool, { paths: [UDIFF_8, copy] })).rejects.toThrow(
      /two files for 2024-07-08: .*20240708_F_0000\.csv and .*copy\.csv/,
    );
    const bad = join(tmp, 'bad.csv');
    writeFileSync(
      bad,
      readFileSync(UDIFF_8, 'utf8').replace('3211.00,3170.10,3178.75', '3111.00,3170.10,3178.75'),
    );
    const err = await importBhavcopies(db.pool, { paths: [bad] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain(
      'bad.csv line 2: RELIANCE EQ: OHLC inconsistent: high 3111 is below open 3190',
    );
    const skipped = await importBhavcopies(db.pool, { paths: [bad], skipBadRows: true });
    expect(skipped.skipped?.rows).toBe(1);
    expect(skipped.symbols).toBe(3);
    const other = join(tmp, 'other.csv');
    writeFileSync(other, 'Date,Open,High,Low,Close,Volume\n2024-07-08,1,1,1,1,1\n');
    await expect(importBhavcopies(db.pool, { paths: [other] })).rejects.toThrow(
      /other\.csv: not an NSE bhavcopy: .*TckrSymb.*SYMBOL,SERIES/,
    );
  });
});
