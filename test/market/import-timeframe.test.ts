// Imports check every timestamp against the timeframe and the exchange calendar, on both the
// parse-then-store path (daily files, files without --timeframe) and the streaming one (intraday).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../daemon/src/core/errors';
import { istTime } from '../../daemon/src/core/time';
import { importCsv } from '../../daemon/src/market/csv-import';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qt-tf-'));
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const HEADER = 'Date,Open,High,Low,Close,Volume';

function ist(t: number): string {
  const s = new Date(t + 5.5 * 3_600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

function file(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join('\n'));
  return path;
}

/** Weekdays of January 2025 from the 6th, as daily rows (522 rows in the user's file; 15 here). */
const DAILY = [6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24].map(
  (d, i) => `2025-01-${String(d).padStart(2, '0')},${100 + i},${102 + i},${99 + i},${101 + i},1000`,
);

/** 1-minute rows of whole sessions from 2025-01-06 on (375 a day), skipping the weekend. */
function minuteRows(sessions: number): string[] {
  const days = ['2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09', '2025-01-10', '2025-01-13'];
  const rows: string[] = [];
  for (const day of days.slice(0, sessions))
    for (let m = 0; m < 375; m++) rows.push(`${ist(istTime(day, 9, 15) + m * 60_000)},100,101,99,100.5,${m}`);
  return rows;
}

async function stored(symbol: string): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM bars b JOIN instruments i ON i.id = b.instrument_id WHERE i.symbol = $1`,
    [symbol],
  );
  return rows[0].n;
}

async function refusal(request: Parameters<typeof importCsv>[1]): Promise<AppError> {
  const err = await importCsv(db.pool, request).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('import checks timestamps against the timeframe', () => {
  it('refuses daily rows imported as 1-minute bars, naming the first rows', async () => {
    const err = await refusal({ symbol: 'DAYASMIN', path: file('daily.csv', DAILY), timeframe: '1m' });
    expect(err.message).toContain('daily.csv: 15 bad rows, nothing was imported');
    expect(err.message).toContain(
      "line 2: 2025-01-06 00:00 IST is outside NSE's session 09:15–15:30 IST; a daily bar? import it with --timeframe 1d",
    );
    expect(err.message).toContain('line 3: 2025-01-07 00:00 IST is outside');
    expect(await stored('DAYASMIN')).toBe(0);
  });

  it('refuses 1-minute rows imported as daily bars', async () => {
    const err = await refusal({
      symbol: 'MINASDAY',
      path: file('minutes.csv', minuteRows(1)),
      timeframe: '1d',
    });
    expect(err.message).toContain('line 3: second bar on 2025-01-06: 1d bars are one per trading day');
    expect(await stored('MINASDAY')).toBe(0);
  });

  it('refuses daily rows on holidays and weekends, with or without --timeframe', async () => {
    const rows = [...DAILY.slice(0, 3), '2025-01-11,1,1,1,1,1', '2025-03-14,1,1,1,1,1'];
    for (const timeframe of ['1d', undefined]) {
      const err = await refusal({ symbol: 'HOLIDAYS', path: file('holidays.csv', rows), timeframe });
      expect(err.message).toContain('line 5: 2025-01-11 is not an NSE trading day (Saturday)');
      expect(err.message).toContain('line 6: 2025-03-14 is not an NSE trading day (Holi)');
    }
    expect(await stored('HOLIDAYS')).toBe(0);
  });

  it('refuses an off-grid or out-of-session row deep inside a streamed intraday file', async () => {
    const rows = minuteRows(5);
    rows[1499] = rows[1499]!.replace(' 15:29,', ' 15:30,'); // the last minute of the 9th, one too late
    rows[1600] = rows[1600]!.replace(/(\d\d:\d\d)/, '$1:30');
    const err = await refusal({ symbol: 'STREAMTF', path: file('stream.csv', rows), timeframe: '1m' });
    expect(err.message).toMatch(/stream\.csv: 2 bad rows, nothing was imported/);
    expect(err.message).toContain("line 1501: 2025-01-09 15:30 IST is outside NSE's session");
    expect(err.message).toContain('line 1602: 2025-01-10 10:55:30 IST is not on a 1m boundary');
    expect(await stored('STREAMTF')).toBe(0);
    const good = await importCsv(db.pool, {
      symbol: 'STREAMTF',
      path: file('good.csv', minuteRows(5)),
      timeframe: '1m',
    });
    expect(good.written).toBe(1875);
  });

  it('judges a BSE symbol by the BSE calendar', async () => {
    // NSE was halted at noon on 24 Feb 2021; BSE traded through to 17:00.
    const rows = ['2021-02-24 12:00,1,1,1,1,1', '2021-02-24 16:59,1,1,1,1,1'];
    const nse = await refusal({ symbol: 'OUTAGE', path: file('outage.csv', rows), timeframe: '1m' });
    expect(nse.message).toContain('line 2: 2021-02-24 12:00 IST is in the break 11:40–15:45 IST');
    const bse = await importCsv(db.pool, {
      symbol: 'BSE:OUTAGE',
      path: file('outage.csv', rows),
      timeframe: '1m',
    });
    expect(bse.written).toBe(2);
  });
});
