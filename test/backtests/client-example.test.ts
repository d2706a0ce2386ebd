// The README's example script (scripts/examples/submit-backtest.ts) against a real daemon: it
// imports `quanttrade/client` the way a user's script does (the package's exports → dist/client.js).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { ensureBuilt } from '../support/spawn-daemon';
import { seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  ensureBuilt();
  t = await startTestDaemon();
  bars = await seedDailyBars(t.pool, 'EXAMPLE', 400);
});
afterAll(async () => {
  await t?.stop();
});

function runExample(args: string[], token: string): Promise<{ code: number | null; out: string }> {
  const root = packageRoot();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/examples/submit-backtest.ts'), ...args],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', QUANTTRADE_URL: t.url, QUANTTRADE_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('scripts/examples/submit-backtest.ts', () => {
  it('submits, follows progress and prints the result', async () => {
    const { code, out } = await runExample([bars.symbol, bars.from, bars.to], t.users.operator.token);
    expect(out).toMatch(/backtest (\d+) queued/);
    expect(out).toMatch(/succeeded 100%/);
    const id = Number(/backtest (\d+) queued/.exec(out)![1]);
    const b = await t.api('operator').backtests.get.query({ id });
    expect(out).toContain(`final value    ₹${b.finalValue}`);
    expect(out).toMatch(/trades\s+\d+\s+win rate/);
    expect(code).toBe(0);
  });

  it('exits non-zero with the reason when the daemon refuses', async () => {
    const { code, out } = await runExample([bars.symbol, bars.from, bars.to], t.users.viewer.token);
    expect(out).toMatch(/backtests\.submit needs the operator role; you are viewer/);
    expect(code).not.toBe(0);
  });
});
