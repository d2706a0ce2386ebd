// `quanttrade paper` end to end: the built CLI against a test database with stored bars. A
// replayed range prints its fills as they happen, stores the deployment's orders in the ledger
// and writes a --json document equal, trade for trade and rupee for rupee, to `backtest --json`
// on the same bars and flags. Bad input is refused with the flag, the value and what was expected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { storeSessions } from '../trading/support/runner-bars';
import { createUser } from '../trading/support/trading-fixtures';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

let db: TestDatabase;
let dir = '';
beforeAll(async () => {
  buildCli();
  dir = tempDir();
  db = await createTestDatabase();
  await createUser(db.pool, 'admin');
  await storeSessions(db.pool, ['PCLA', 'PCLB'], ['2025-01-06', '2025-01-07', '2025-01-08'], 7);
}, 180_000);
afterAll(async () => {
  await db?.drop();
});

const strategy = ['--strategy', 'sma-cross', '-p', 'fast=10', '-p', 'slow=40', '-p', 'size=20'];
const range = ['--symbol', 'PCLA', '--symbol', 'PCLB', '--from', '2025-01-07', '--to', '2025-01-08'];

describe('quanttrade paper', () => {
  it('replays stored bars through the ledger and writes what backtest --json writes', async () => {
    const paperOut = join(dir, 'paper.json');
    const paper = await quanttrade(['paper', ...strategy, ...range, '--json', paperOut], {
      DATABASE_URL: db.url,
    });
    expect(paper.stderr).toBe('');
    expect(paper.code).toBe(0);
    const warm = /warmed up on (\d+) stored bars/.exec(paper.stdout);
    expect(warm).not.toBeNull();
    expect(paper.stdout).toMatch(/BUY +20 PCL[AB] +@ \d+\.\d\d/);
    expect(paper.stdout).toMatch(/SELL +20 PCL[AB]/);
    // Under the default risk profile's caps: nothing refused, so the runs must agree.
    expect(paper.stdout).not.toMatch(/REJECTED/);

    const btOut = join(dir, 'bt.json');
    const bt = await quanttrade(
      [
        'backtest',
        ...strategy,
        '--symbol',
        'PCLA,PCLB',
        '--timeframe',
        '1m',
        '--from',
        '2025-01-07',
        '--to',
        '2025-01-08',
        '--warmup',
        warm![1]!,
        '--json',
        btOut,
      ],
      { DATABASE_URL: db.url },
    );
    expect(bt.code).toBe(0);
    const a = JSON.parse(readFileSync(paperOut, 'utf8'));
    const b = JSON.parse(readFileSync(btOut, 'utf8'));
    expect(a.trades.length).toBeGreaterThan(3);
    expect(a.trades).toEqual(b.trades);
    expect(a.finalValue).toBe(b.finalValue);
    expect(a.cash).toBe(b.cash);
    expect(a.stats.trades).toBe(b.stats.trades);
    const filled = (doc: { orders: { status: string }[] }) => doc.orders.filter((o) => o.status === 'filled');
    expect(filled(a)).toEqual(filled(b));

    const { rows } = await db.pool.query<{ n: number; status: string }>(
      `SELECT count(*)::int AS n, d.status FROM orders o JOIN deployments d ON d.id = o.deployment_id
        WHERE o.status = 'filled' GROUP BY d.status`,
    );
    expect(rows).toEqual([{ n: filled(a).length, status: 'stopped' }]);
  }, 180_000);

  it('trades the synthetic feed on a simulated clock (bars from ticks) and stops at --minutes', async () => {
    const run = await quanttrade(
      [
        'paper',
        '--strategy',
        'sma-cross',
        '-p',
        'fast=2',
        '-p',
        'slow=5',
        '-p',
        'size=1',
        '--speed',
        'max',
        '--minutes',
        '90',
      ],
      { DATABASE_URL: db.url },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/on the synthetic feed/);
    expect(run.stdout).toMatch(/BUY +1 DEMO(BANK|TECH)/);
    const { rows } = await db.pool.query<{ status: string; bars: number }>(
      `SELECT d.status, (SELECT count(*)::int FROM fills f WHERE f.deployment_id = d.id) AS bars
         FROM deployments d WHERE d.symbols @> ARRAY['DEMOBANK'] ORDER BY d.id DESC LIMIT 1`,
    );
    expect(rows[0]!.status).toBe('stopped');
    expect(rows[0]!.bars).toBeGreaterThan(0);
  }, 180_000);

  it('refuses an unknown symbol and a bad speed, naming them', async () => {
    const unknown = await quanttrade(['paper', ...strategy, '--symbol', 'NOSUCH', '--from', '2025-01-07'], {
      DATABASE_URL: db.url,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/NOSUCH/);
    const speed = await quanttrade(['paper', ...strategy, ...range, '--speed', 'fast'], {
      DATABASE_URL: db.url,
    });
    expect(speed.code).toBe(2);
    expect(speed.stderr).toMatch(/--speed: got "fast"/);
  }, 60_000);
});
