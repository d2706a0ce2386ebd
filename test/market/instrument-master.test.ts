import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '../../daemon/src/core/bar';
import { istTime } from '../../daemon/src/core/time';
import { storeBars } from '../../daemon/src/market/bar-store';
import { loadInstrumentMaster } from '../../daemon/src/market/instrument-master-load';
import { searchInstruments } from '../../daemon/src/market/instrument-search';
import { findInstruments } from '../../daemon/src/market/instrument-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { useFakeHttpServer } from '../support/fake-http-server';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/market/${name}`, import.meta.url));
const server = useFakeHttpServer();
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const bar = { time: istTime('2025-01-06'), open: 10, high: 11, low: 9, close: 10, volume: 1 };

describe('Dhan instrument master', () => {
  it('loads the compact layout: NSE/BSE equity, index and F&O rows, tick sizes from paise', async () => {
    // An instrument created by an earlier import gains the master's facts.
    await storeBars(db.pool, [
      { symbol: 'RELIANCE', series: barSeriesFromBars('RELIANCE', '1d', [bar]), source: 'csv' },
    ]);
    const result = await loadInstrumentMaster(db.pool, { path: fixture('dhan-master-compact.csv') });
    expect(result).toMatchObject({ layout: 'compact', upserted: 6, skipped: 2, badRows: 1 });
    expect(result.badExamples).toEqual([{ line: 9, reason: 'security id "ABC" is not a number' }]);
    const [tcs, bseTcs, nifty, fut, opt, reliance] = await findInstruments(db.pool, [
      'TCS',
      'BSE:TCS',
      'NIFTY',
      'NIFTY-OCT2026-FUT',
      'NIFTY-OCT2026-26000-CE',
      'RELIANCE',
    ]);
    expect(tcs).toMatchObject({
      exchange: 'NSE',
      segment: 'NSE_EQ',
      kind: 'equity',
      securityId: '11536',
      tickSize: 0.1,
      lotSize: 1,
      source: 'dhan-master',
    });
    expect(bseTcs).toMatchObject({
      exchange: 'BSE',
      segment: 'BSE_EQ',
      securityId: '532540',
      tickSize: 0.05,
      name: 'TATA CONSULTANCY SERVICES, LTD.',
    });
    expect(nifty).toMatchObject({ segment: 'IDX_I', kind: 'index', securityId: '13' });
    expect(fut).toMatchObject({ segment: 'NSE_FNO', kind: 'future', lotSize: 65 });
    expect(opt).toMatchObject({ kind: 'option', lotSize: 65, tickSize: 0.05 });
    expect(reliance).toMatchObject({ securityId: '2885', tickSize: 0.1, source: 'dhan-master' });
    const { rows } = await db.pool.query(
      `SELECT expiry::text, strike::float8, option_type FROM instruments WHERE symbol = 'NIFTY-OCT2026-26000-CE'`,
    );
    expect(rows[0]).toEqual({ expiry: '2026-10-27', strike: 26000, option_type: 'CE' });
  });

  it('loads the detailed layout from a URL: the same symbols as the compact one, updated, never duplicated', async () => {
    // The fixture's rows are shaped like the real file; sources in
    // daemon/src/market/instrument-master-parse.test.ts.
    const ids = async () =>
      (
        await db.pool.query(
          `SELECT segment || ':' || security_id AS id, symbol FROM instruments WHERE security_id IS NOT NULL ORDER BY 1`,
        )
      ).rows;
    const fromCompact = await ids();
    server.queue({
      headers: { 'content-type': 'text/csv' },
      body: readFileSync(fixture('dhan-master-detailed.csv'), 'utf8'),
    });
    const result = await loadInstrumentMaster(db.pool, {
      url: `${server.baseUrl}/api-data/api-scrip-master-detailed.csv`,
    });
    expect(result).toMatchObject({ layout: 'detailed', upserted: 12, skipped: 3, badRows: 0 });
    // Every security id the compact file loaded keeps its symbol (a different one would have
    // moved the id to a new row).
    const fromDetailed = await ids();
    expect(fromDetailed).toEqual(expect.arrayContaining(fromCompact));
    expect(fromDetailed).toHaveLength(12);
    const [hdfc, tcs, chola, hfcl, sensexOption] = await findInstruments(db.pool, [
      'HDFCBANK',
      'TCS',
      'CHOLAFIN',
      'HFCL',
      'BSE:SENSEX-SEP2026-74300-CE',
    ]);
    expect(hdfc).toMatchObject({ securityId: '1333', name: 'HDFC Bank' });
    expect(tcs!.name).toBe('Tata Consultancy Services');
    expect(chola).toMatchObject({ kind: 'equity', securityId: '685', name: 'Cholamandalam Investment' });
    expect(hfcl).toMatchObject({ securityId: '21951', tickSize: 0.01 });
    expect(sensexOption).toMatchObject({ segment: 'BSE_FNO', kind: 'option', securityId: '869699' });
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM instruments WHERE symbol = 'TCS' AND exchange = 'NSE'`,
    );
    expect(rows[0].n).toBe(1);
    const names = await db.pool.query(`SELECT count(*)::int AS n FROM instruments WHERE symbol LIKE '% %'`);
    expect(names.rows[0].n).toBe(0);
  });

  it('refuses a file that is not an instrument master and changes nothing', async () => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM instruments')).rows[0].n;
    await expect(loadInstrumentMaster(db.pool, { path: fixture('tcs-daily.csv') })).rejects.toThrow(
      /not a Dhan instrument master: expected the compact columns .*; the header starts DATE, OPEN, HIGH/,
    );
    expect((await db.pool.query('SELECT count(*)::int AS n FROM instruments')).rows[0].n).toBe(before);
  });

  it('searches by symbol prefix and name, paged, showing stored bars', async () => {
    const page = await searchInstruments(db.pool, { query: 'tc', limit: 10, offset: 0 });
    expect(page.items.map((i) => `${i.exchange}:${i.symbol}`)).toEqual(['BSE:TCS', 'NSE:TCS']);
    const byName = await searchInstruments(db.pool, { query: 'reliance industries', limit: 10, offset: 0 });
    expect(byName.items.map((i) => i.symbol)).toEqual(['RELIANCE']);
    expect(byName.items[0]!.bars).toEqual({ '1d': 1 });
    const withBars = await searchInstruments(db.pool, { withBars: true, limit: 1, offset: 0 });
    expect(withBars.total).toBe(1);
    const second = await searchInstruments(db.pool, { limit: 2, offset: 2 });
    expect(second.total).toBe(12);
    expect(second.items).toHaveLength(2);
  });
});
