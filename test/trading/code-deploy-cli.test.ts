// `quanttrade deploy create` with a saved user code strategy (built CLI, child process): the
// code's parameters are parsed in the sandbox — defaults filled, a bad one refused by name with
// exit code 2 — and the deployment records the version it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '../../daemon/src/core/bar';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/spawn-daemon';
import { insertUser } from '../support/trading-rows';
import { exampleSource } from '../sandbox/support';
import { sessionBars } from './support/runner-bars';

let db: TestDatabase;
let saved: { strategyId: number; brokerAccountId: number };
const EMAIL = 'cli-code@example.com';
const cli = (args: string[]) => runCli(args, { env: { DATABASE_URL: db.url } });

beforeAll(async () => {
  db = await createTestDatabase();
  const owner = await insertUser(db.pool, EMAIL);
  const bars = sessionBars(['2025-01-06'], 3);
  await storeBars(db.pool, [
    { symbol: 'CLICODE', series: barSeriesFromBars('CLICODE', '1m', bars), source: 'test' },
  ]);
  saved = await createPaperDeployment(db.pool, {
    ownerId: owner,
    name: 'code for the cli',
    code: { source: exampleSource('sma-cross'), language: 'ts', name: 'sma-cross', paramSchema: {} },
    params: {},
    symbols: ['CLICODE'],
    timeframe: '1m',
    product: 'CNC',
    capital: 100_000,
    costModel: 'india',
    slippage: 'none',
  });
});
afterAll(() => db?.drop());

const create = (...params: string[]) =>
  cli([
    'deploy',
    'create',
    ...['--owner', EMAIL, '--name', `cli code ${params.join(' ')}`, '--strategy', `${saved.strategyId}:1`],
    ...['--symbol', 'CLICODE', '--timeframe', '5m', '--product', 'CNC', '--capital', '250000'],
    ...['--account', String(saved.brokerAccountId), '--json'],
    ...params.flatMap((p) => ['--param', p]),
  ]);

describe('quanttrade deploy create with user code', () => {
  it('parses the parameters by the code’s own schema; a bad one exits 2 naming it', async () => {
    const ok = await create('fast=4');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const row = JSON.parse(ok.stdout) as { params: Record<string, unknown>; strategyVersion: number };
    expect(row.params).toEqual({ fast: 4, slow: 30, size: 100 });
    expect(row.strategyVersion).toBe(1);
    const bad = await create('fast=50');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('params.fast: got 50, expected a fast period smaller than slow');
  }, 60_000);
});
