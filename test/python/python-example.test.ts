// docs/python.md's example, run as a user would: python3 (standard library only) submits a
// backtest over REST with an API token, follows it to the end and loads its trades and equity
// curve. Its summary must agree with the database.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { seedDailyBars } from '../backtests/support/seed-bars';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let t: TestDaemon;

/** Runs the example (asynchronously: this process serves the API the script calls). */
function python(args: string[], token: string) {
  const script = join(packageRoot(), 'scripts/examples/backtest_to_pandas.py');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('python3', [script, ...args], {
      env: { ...process.env, QUANTTRADE_URL: t.url, QUANTTRADE_TOKEN: token },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  t = await startTestDaemon();
  await seedDailyBars(t.pool, 'PYDEMO', 500, { start: '2022-01-01' });
}, 60_000);
afterAll(() => t?.stop());

describe('the Python example', () => {
  it('submits a backtest, follows it and loads its trades and equity with the standard library', async () => {
    const run = await python(['PYDEMO', '2022-01-01', '2023-05-01'], t.users.operator.token);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    const { rows } = await t.pool.query<{ trades: number; net: string; points: number }>(
      `SELECT (SELECT count(*)::int FROM backtest_trades WHERE backtest_id = $1) AS trades,
              (SELECT coalesce(sum(net_pnl), 0)::text FROM backtest_trades WHERE backtest_id = $1) AS net,
              (SELECT cardinality(ts) FROM backtest_equity WHERE backtest_id = $1) AS points`,
      [summary.id],
    );
    expect(rows[0]!.trades).toBeGreaterThan(0);
    expect(summary).toMatchObject({
      status: 'succeeded',
      trades: rows[0]!.trades,
      netPnl: rows[0]!.net,
      equityPoints: rows[0]!.points,
    });
    expect(run.stderr).toMatch(/succeeded 100%/);
  }, 120_000);

  it('exits with the API’s message when the token is wrong', async () => {
    const run = await python(['PYDEMO'], 'qtk_wrong');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 401: the token is invalid/);
  });
});
