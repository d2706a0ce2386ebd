// The built `quanttrade kill` and `quanttrade risk …` in child processes against a test database
// (DATABASE_URL): a switch engaged from the shell stops order writes, release and status, bad
// flags named with exit code 2, profiles created from a file, and the calculator.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/spawn-daemon';
import { insertManualOrder, seedTradingRows, type TradingRows } from '../support/trading-rows';

let db: TestDatabase;
let rows: TradingRows;
let dir: string;
const cli = (args: string[]) => runCli(args, { env: { DATABASE_URL: db.url } });

beforeAll(async () => {
  db = await createTestDatabase();
  rows = await seedTradingRows(db.pool, { email: 'desk@example.com' });
  dir = mkdtempSync(join(tmpdir(), 'risk-cli-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

describe('quanttrade kill', () => {
  it('engages an account switch that stops order writes, shows it, and releases it', async () => {
    const engaged = await cli([
      'kill',
      '--account',
      String(rows.accountId),
      '--flatten',
      '--reason',
      'fat finger',
    ]);
    expect(engaged.stderr).toBe('');
    expect(engaged.code).toBe(0);
    expect(engaged.stdout).toMatch(
      new RegExp(
        `^engaged kill switch \\d+\\n\\s*\\d+\\s+account ${rows.accountId}\\s+flatten .* by system\\s+ENGAGED\\s+— fat finger`,
      ),
    );
    expect(await insertManualOrder(db.pool, rows).catch((e: { code?: string }) => e.code)).toBe('QTK01');

    const status = await cli(['kill', 'status']);
    expect(status.stdout).toMatch(/^1 engaged:/);
    const released = await cli([
      'kill',
      'release',
      '--account',
      String(rows.accountId),
      '--reason',
      'checked',
    ]);
    expect(released.code).toBe(0);
    expect(released.stdout).toMatch(/^released kill switch \d+:/);
    await insertManualOrder(db.pool, rows);
    const audit = await db.pool.query(
      `SELECT action, actor FROM audit_log WHERE action LIKE 'risk.kill%' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { action: 'risk.kill_switch_engage', actor: 'system' },
      { action: 'risk.kill_switch_release', actor: 'system' },
    ]);
  }, 60_000);

  it('names bad usage with exit code 2, and a release with nothing engaged with exit 1', async () => {
    const both = await cli(['kill', '--account', '1', '--deployment', '2']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --account or --deployment, not both');
    const bad = await cli(['kill', '--account', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--account: got "x", expected a number');
    const foreign = await cli(['kill', 'status', '--flatten']);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('quanttrade kill status: unknown option --flatten');
    const nothing = await cli(['kill', 'release']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('quanttrade kill release: no kill switch is engaged over global');
  }, 60_000);
});

describe('quanttrade risk', () => {
  it('creates a profile from a file, assigns it, and halts a deployment', async () => {
    const file = join(dir, 'desk.json');
    writeFileSync(file, JSON.stringify({ extends: 'moderate', limits: { maxOrderQty: 100 } }));
    const created = await cli([
      'risk',
      'profile',
      'create',
      '--owner',
      'desk@example.com',
      '--name',
      'desk',
      '--file',
      file,
    ]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^created risk profile (\d+) 'desk' v1 for desk@example.com/);
    const id = /profile (\d+)/.exec(created.stdout)![1]!;
    const assigned = await cli(['risk', 'assign', '--account', String(rows.accountId), '--profile', id]);
    expect(assigned.stdout.trim()).toBe(`account ${rows.accountId}: profile ${id} (was none)`);
    const listed = await cli(['risk', 'profiles']);
    expect(listed.stdout).toMatch(
      new RegExp(`${id}\\s+desk\\s+v1\\s+owner ${rows.userId}\\s+account ${rows.accountId}`),
    );

    writeFileSync(file, JSON.stringify({ limits: { maxOrderQty: -1 } }));
    const bad = await cli(['risk', 'profile', 'update', '--id', id, '--file', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid risk profile: limits.maxOrderQty: got -1, expected a number > 0');

    const halted = await cli([
      'risk',
      'halt',
      '--deployment',
      String(rows.deploymentId),
      '--reason',
      'reconcile',
    ]);
    expect(halted.stdout.trim()).toBe(`deployment ${rows.deploymentId}: ACTIVE → HALTED`);
    const state = await cli(['risk', 'state', '--deployment', String(rows.deploymentId)]);
    expect(state.stdout).toMatch(new RegExp(`deployment ${rows.deploymentId}\\s+HALTED\\s+operator`));
  }, 90_000);

  it('sizes a position from the shell', async () => {
    const r = await cli([
      'risk',
      'size',
      '--capital',
      '1000000',
      '--risk-percent',
      '1',
      '--entry',
      '500',
      '--stop',
      '490',
      '--lot',
      '75',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ qty: 975, lots: 13, riskAtStop: 9750 });
  }, 30_000);
});
