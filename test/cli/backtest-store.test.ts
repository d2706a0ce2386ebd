// `quanttrade backtest --symbol S` end to end: bars stored in a test database through the bar
// store, the built CLI run against it with DATABASE_URL, results checked by hand (the same
// closes as backtest.test.ts, so the same trade).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBarSeries } from '../../daemon/src/core/bar';
import { istTime } from '../../daemon/src/core/time';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

// SMA(2) crosses above SMA(3) on bar 6 (2025-01-12) and below on bar 10 (2025-01-16); each bar
// opens 0.50 below its close, so the buy fills at 2025-01-13's open (10.50) and the sell at
// 2025-01-17's open (8.50).
const CLOSES = [10, 10, 10, 9, 8, 9, 10, 11, 12, 11, 10, 9, 8];

function series() {
  const s = createBarSeries('STORED', '1d', CLOSES.length);
  CLOSES.forEach((c, i) => {
    s.time[i] = istTime(`2025-01-${String(i + 6).padStart(2, '0')}`);
    s.open[i] = c - 0.5;
    s.high[i] = c + 1;
    s.low[i] = c - 1;
    s.close[i] = c;
    s.volume[i] = 1000;
  });
  return s;
}

let db: TestDatabase;
let dir = '';
beforeAll(async () => {
  buildCli();
  dir = tempDir();
  db = await createTestDatabase();
  const [stored] = await storeBars(db.pool, [{ symbol: 'STORED', series: series(), source: 'csv' }]);
  expect(stored!.written).toBe(CLOSES.length);
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

const smaCross = ['--strategy', 'sma-cross', '-p', 'fast=2', '-p', 'slow=3'];

function backtest(args: string[]) {
  return quanttrade(['backtest', ...args], { DATABASE_URL: db.url });
}

describe('quanttrade backtest --symbol (the bar store)', () => {
  it('runs on every stored bar of the symbol and trades as the CSV run does', async () => {
    const out = join(dir, 'all.json');
    const run = await backtest(['--symbol', 'STORED', ...smaCross, '--json', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.stats).toMatchObject({ bars: 13, trades: 1 });
    expect(result.trades).toEqual([
      expect.objectContaining({
        side: 'long',
        qty: 100,
        entryTime: '2025-01-13T00:00:00+05:30',
        entryPrice: 10.5,
        exitTime: '2025-01-17T00:00:00+05:30',
        exitPrice: 8.5,
        pnl: -200,
      }),
    ]);
    expect(run.stdout).toContain('Final value');
  });

  it('keeps to --from … --to (IST days, both inclusive)', async () => {
    const window = async (from: string, to: string) => {
      const out = join(dir, `window-${from}-${to}.json`);
      const run = await backtest([
        '--symbol',
        'STORED',
        ...smaCross,
        '--from',
        from,
        '--to',
        to,
        '--json',
        out,
        '-q',
      ]);
      expect(run.code).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    // 7–17 January: eleven bars, the same cross, bought on the 13th and sold on the 17th.
    const week = await window('2025-01-07', '2025-01-17');
    expect(week.stats).toMatchObject({ bars: 11, trades: 1 });
    expect(week.trades[0]).toMatchObject({
      entryTime: '2025-01-13T00:00:00+05:30',
      exitTime: '2025-01-17T00:00:00+05:30',
    });
    // Up to the 16th the sell has not filled: the buy did, no trade is closed.
    const shorter = await window('2025-01-07', '2025-01-16');
    expect(shorter.stats).toMatchObject({ bars: 10, trades: 0 });
    expect(shorter.trades).toEqual([]);
    expect(shorter.orders[0]).toMatchObject({ side: 'buy', price: 10.5, status: 'filled' });
  });

  it('feeds --warmup bars before --from to the indicators, without trading on them', async () => {
    const from11 = async (extra: string[]) => {
      const out = join(dir, `warmup-${extra.join('')}.json`);
      const run = await backtest([
        '--symbol',
        'STORED',
        ...smaCross,
        '--from',
        '2025-01-11',
        '--json',
        out,
        '-q',
        ...extra,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    // From the 11th the averages start cold and miss the cross of the 12th: nothing is bought.
    const cold = await from11([]);
    expect(cold.stats).toMatchObject({ bars: 8, trades: 0 });
    expect(cold.orders).toEqual([]);
    // Warmed on the five bars before, they see it: bought on the 13th, sold on the 17th.
    const warm = await from11(['--warmup', '5']);
    expect(warm.stats).toMatchObject({ bars: 8, trades: 1 });
    expect(warm.trades[0]).toMatchObject({ entryTime: '2025-01-13T00:00:00+05:30', pnl: -200 });
    const bad = await backtest(['--symbol', 'STORED', ...smaCross, '--warmup=2.5', '-q']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--warmup: got "2.5", expected a whole number of bars >= 0');
  });

  it('takes the lot and tick from the instrument master, as live trading will', async () => {
    await db.pool.query(
      `INSERT INTO instruments (exchange, segment, kind, symbol, tick_size, lot_size, source)
       VALUES ('NSE', 'NSE_FNO', 'future', 'STOREDFUT', 0.1, 75, 'dhan-master')`,
    );
    const fut = series();
    await storeBars(db.pool, [{ symbol: 'STOREDFUT', series: fut, source: 'csv' }]);
    // 100 (the template's default size) is no whole number of 75-lots: refused before any bar
    const odd = await backtest(['--symbol', 'STOREDFUT', ...smaCross, '-q']);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('--param size: got 100, expected a multiple of the lot size 75');
    const out = join(dir, 'fut.json');
    const lots = await backtest([
      '--symbol',
      'STOREDFUT',
      ...smaCross,
      '-p',
      'size=150',
      '--json',
      out,
      '-q',
    ]);
    expect(lots.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.trades).toEqual([expect.objectContaining({ qty: 150, entryPrice: 10.5, exitPrice: 8.5 })]);
    expect(result.spec.instruments).toEqual({
      STOREDFUT: { tickSize: 0.1, lotSize: 75, exchange: 'NSE', segment: 'NSE_FNO', kind: 'future' },
    });
  });

  it('names --symbol with exit code 2 for a symbol the store does not hold', async () => {
    const run = await backtest(['--symbol', 'NOSUCH', ...smaCross, '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--symbol: unknown instrument NSE:NOSUCH: import bars for it');
  });
});
