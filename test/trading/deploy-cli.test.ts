// The built `quanttrade deploy`, `orders`, `positions` and `drift` in child processes against a
// test database (DATABASE_URL): a deployment created (bad fields named, exit code 2), listed,
// shown, moved; orders and positions listed; an operator cancel recorded once; a drift report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/spawn-daemon';
import { insertManualOrder, insertUser } from '../support/trading-rows';
import { createBrokerAccount, createDeployment as seedStrategy } from './support/trading-fixtures';

let db: TestDatabase;
let owner: number;
let accountId: number;
let strategyId: number;
const EMAIL = 'cli-desk@example.com';
const cli = (args: string[]) => runCli(args, { env: { DATABASE_URL: db.url } });

function wave(day: string): Bar[] {
  const open = Date.parse(`${day}T09:15:00+05:30`);
  return Array.from({ length: 375 }, (_, m) => {
    const p = (t: number) => Math.round((1000 + 25 * Math.sin(t / 23) + 8 * Math.sin(t / 5)) * 20) / 20;
    const o = p(m);
    const c = p(m + 0.9);
    return {
      time: open + m * 60_000,
      open: o,
      high: Math.max(o, c) + 0.5,
      low: Math.min(o, c) - 0.5,
      close: c,
      volume: 1000,
    };
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await insertUser(db.pool, EMAIL);
  accountId = await createBrokerAccount(db.pool, owner);
  strategyId = (await seedStrategy(db.pool, owner, accountId)).strategyId;
  const bars = [...wave('2025-01-06'), ...wave('2025-01-07')];
  await storeBars(db.pool, [
    { symbol: 'CLIWAVE', series: barSeriesFromBars('CLIWAVE', '1m', bars), source: 'test' },
  ]);
});
afterAll(() => db?.drop());

const create = (over: Record<string, string> = {}) => {
  const flags: Record<string, string> = {
    owner: EMAIL,
    name: 'cli wave',
    strategy: String(strategyId),
    symbol: 'CLIWAVE',
    timeframe: '5m',
    product: 'CNC',
    capital: '1000000',
    account: String(accountId),
    ...over,
  };
  return cli([
    'deploy',
    'create',
    ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
    '--param',
    'fast=3',
    '--param',
    'slow=8',
    '--param',
    'size=10',
  ]);
};

describe('quanttrade deploy', () => {
  it('refuses bad fields by name with exit code 2, and writes nothing', async () => {
    const bad = await create({ capital: '-1', symbol: 'NOSUCH' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('capital: got "-1", expected a positive amount');
    const unknown = await create({ symbol: 'NOSUCH' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /symbols\[0\]: got "NOSUCH", expected an instrument in the instrument master/,
    );
    const none = await db.pool.query("SELECT count(*)::int AS n FROM deployments WHERE name = 'cli wave'");
    expect(none.rows[0].n).toBe(0);
    const tf = await create({ timeframe: '3m', product: 'INTRADAY' });
    expect(tf.code).toBe(0); // 1m bars make 3m
    await db.pool.query("DELETE FROM deployments WHERE name = 'cli wave'");
    expect((await cli(['deploy', 'create', '--owner', EMAIL])).code).toBe(2);
  });

  it('creates, lists, shows and moves a deployment', async () => {
    const created = await create();
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(
      /^created deployment \d+ 'cli wave' \(stopped\): NSE:CLIWAVE 5m CNC, capital 1000000.00/,
    );
    expect((await cli(['deploy', 'list'])).stdout).toContain('cli wave');
    const started = await cli(['deploy', 'start', 'cli wave', '--reason', 'morning']);
    expect(started.stdout).toMatch(/'cli wave': stopped → starting/);
    const paused = await cli(['deploy', 'pause', 'cli wave']);
    expect(paused.code).toBe(1);
    expect(paused.stderr).toContain('is starting; it can move to paused only from running');
    const shown = await cli(['deploy', 'show', 'cli wave']);
    expect(shown.stdout).toMatch(/— starting/);
    expect(shown.stdout).toMatch(/stopped → starting\s+user\s+morning/);
    expect(JSON.parse((await cli(['deploy', 'show', 'cli wave', '--json'])).stdout).deployment.status).toBe(
      'starting',
    );
    expect((await cli(['deploy', 'stop', 'cli wave'])).stdout).toContain('starting → stopping');
  });
});

describe('quanttrade orders, positions, drift', () => {
  it('lists orders and records an operator cancel once', async () => {
    const { rows } = await db.pool.query<{ id: number }>(
      "SELECT id FROM instruments WHERE symbol = 'CLIWAVE'",
    );
    const clientOrderId = await insertManualOrder(db.pool, {
      userId: owner,
      accountId,
      instrumentId: rows[0]!.id,
    });
    const list = await cli(['orders', '--account', String(accountId)]);
    expect(list.stdout).toMatch(/NSE:CLIWAVE\s+1\s+0\/1\s+new/);
    const { rows: ids } = await db.pool.query<{ id: number }>(
      'SELECT id FROM orders WHERE client_order_id = $1',
      [clientOrderId],
    );
    const first = await cli(['orders', 'cancel', String(ids[0]!.id)]);
    expect(first.stdout).toMatch(/cancel of order \d+ .* requested; the daemon holding account/);
    expect((await cli(['orders', 'cancel', String(ids[0]!.id)])).stdout).toContain('already requested');
    expect((await cli(['orders', 'show', String(ids[0]!.id)])).stdout).toMatch(/cancel_requested\s+new/);
    expect((await cli(['orders', '--status', 'bogus'])).code).toBe(2);
    expect((await cli(['positions'])).stdout).toBe('no open positions\n');
  });

  it('reports a deployment that did not trade as every backtest fill missing (exit code 1)', async () => {
    const { rows } = await db.pool.query<{ id: number }>(
      "SELECT id FROM deployments WHERE name = 'cli wave'",
    );
    const text = await cli(['drift', '--deployment', String(rows[0]!.id), '--date', '2025-01-07']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /signals 0 \(backtest \d+\), fills 0 \(backtest \d+\); \d+ missing, 0 extra, 0 different/,
    );
    const json = JSON.parse(
      (await cli(['drift', '--deployment', String(rows[0]!.id), '--date', '2025-01-07', '--json'])).stdout,
    );
    expect(json.rows.length).toBeGreaterThan(0);
    expect(json.rows.every((r: { difference: string }) => r.difference === 'missing')).toBe(true);
    expect((await cli(['drift', '--deployment', 'x', '--date', '2025-01-07'])).code).toBe(2);
  });
});
