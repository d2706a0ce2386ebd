// The kill switch across two daemons under a stream of orders (issue 11 §4: "a test measures
// engage-to-last-order across two daemons"). Daemon A is a separate process running three paper
// deployments that trade all the time (support/trader-process.ts: the supervisor with the live
// risk gate on a fast simulated clock); daemon B is a test daemon (API only) on the same
// database. The global switch is engaged through B's API while A streams orders:
//   - no order reaches the broker (moved to sent, placed at the paper venue) after engage + 1 s —
//     in fact none after the engagement committed: the orders trigger refuses every later write;
//   - A goes on running and its strategies' next orders are refused with code kill_switch;
//   - no order of A's deployments is left working: what was working is cancelled (kill_switch);
//   - both daemons know the switch (B's API; A's gate prints it);
//   - an operator cannot release the global switch, an admin can; then A trades again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { storeSessions } from '../trading/support/runner-bars';

const SYMBOLS = ['KSWA', 'KSWB'];
const DEPLOYMENTS = 3;

let db: TestDatabase;
let b: TestDaemon;
let dir: string;
let script: string;
let a: ChildProcess | undefined;
const lines: Record<string, unknown>[] = [];

async function until<T>(
  read: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 60_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  b = await startTestDaemon({ database: db, config: { roles: ['api', 'worker', 'scheduler'] } });
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07'], 17);
  dir = mkdtempSync(join(tmpdir(), 'quanttrade-kill-'));
  script = join(dir, 'trader-process.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/trader-process.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: script,
    external: ['pg-native'],
    logLevel: 'silent',
  });
}, 120_000);

afterAll(async () => {
  if (a && a.exitCode === null && a.signalCode === null) {
    const exited = new Promise((r) => a!.once('exit', r));
    a.kill('SIGKILL');
    await exited;
  }
  await b?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describe('kill switch across two daemons under a stream of orders', () => {
  it('stops every order within a second of engaging, cancels what works, and needs an admin to release', async () => {
    const operator = b.api('operator');
    const ownerId = b.users.operator.id;
    const profile = await operator.risk.profiles.create.mutate({
      name: 'stream',
      profile: { extends: 'aggressive', limits: { maxOrdersPerDay: 5000, maxTickAgeSeconds: 600 } },
    });
    const rows = [];
    for (let k = 0; k < DEPLOYMENTS; k++) {
      const row = await createPaperDeployment(db.pool, {
        ownerId,
        name: `stream ${k}`,
        template: 'sma-cross',
        params: { fast: 2, slow: 3, size: 1 },
        symbols: SYMBOLS,
        timeframe: '1m',
        product: 'CNC',
        capital: 10_000_000,
        costModel: 'india',
        slippage: 'none',
      });
      await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
      await operator.risk.assign.mutate({ deploymentId: row.id, profileId: profile.id });
      await transitionDeployment(db.pool, {
        deploymentId: row.id,
        from: ['stopped'],
        to: 'starting',
        actor: 'user',
        actorUserId: ownerId,
      });
      rows.push(row);
    }
    const deploymentIds = ids(rows);
    const open = nseCalendar.sessionsBetween('2025-01-08', '2025-01-31')[0]!.open;

    a = spawn(
      process.execPath,
      [script, db.url, String(open + 20 * 60_000), '120', SYMBOLS.join(','), String(DEPLOYMENTS)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let buffered = '';
    let stderr = '';
    a.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
    a.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await until(
      () => (lines.some((l) => l.ready) ? true : undefined),
      `daemon A to hold the deployments ${stderr}`,
    );

    const countOrders = async () =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM orders WHERE deployment_id = ANY($1) AND sent_at IS NOT NULL`,
          [deploymentIds],
        )
      ).rows[0]!.n;
    // A stream: orders keep reaching the venue.
    await until(async () => ((await countOrders()) >= 12 ? true : undefined), 'a stream of orders');

    const engaged = await operator.risk.killSwitch.engage.mutate({
      target: { scope: 'global' },
      reason: 'two-daemon test',
    });
    const switchId = (engaged as { killSwitch: { id: number } }).killSwitch.id;
    const { rows: sw } = await db.pool.query<{ engaged_at: Date }>(
      'SELECT engaged_at FROM kill_switches WHERE id = $1',
      [switchId],
    );
    const engagedAt = sw[0]!.engaged_at;

    // Daemon A knows it (its gate's watch), and daemon B says so.
    await until(
      () =>
        lines.some((l) => Array.isArray(l.killSwitches) && (l.killSwitches as number[]).includes(switchId))
          ? true
          : undefined,
      'daemon A to hear of the switch',
    );
    const status = await b.api('viewer').risk.killSwitch.status.query();
    expect(JSON.stringify(status)).toContain(`"id":${switchId}`);

    // A keeps running and its strategies keep trying: their orders are refused with kill_switch.
    await until(async () => {
      const { rows: refused } = await db.pool.query(
        `SELECT s.id FROM signals s WHERE s.deployment_id = ANY($1) AND s.status = 'rejected'
            AND s.status_reason = 'kill_switch' AND s.created_at > $2 LIMIT 1`,
        [deploymentIds, engagedAt],
      );
      return refused.length > 0 ? true : undefined;
    }, 'a refused order after the engagement');

    // Nothing reached the broker after engage + 1 s (nor, in fact, after the engagement).
    const late = await db.pool.query<{ client_order_id: string; sent_at: Date }>(
      `SELECT o.client_order_id, o.sent_at FROM orders o
        WHERE o.deployment_id = ANY($1) AND o.sent_at > $2::timestamptz + interval '1 second'`,
      [deploymentIds, engagedAt],
    );
    expect(late.rows).toEqual([]);
    const atVenueLate = await db.pool.query(
      `SELECT p.client_order_id FROM paper_orders p JOIN orders o USING (client_order_id)
        WHERE o.deployment_id = ANY($1) AND (o.sent_at IS NULL OR o.sent_at > $2)`,
      [deploymentIds, engagedAt],
    );
    expect(atVenueLate.rows).toEqual([]);
    const last = await db.pool.query<{ last: Date }>(
      `SELECT max(sent_at) AS last FROM orders WHERE deployment_id = ANY($1)`,
      [deploymentIds],
    );
    // Measured, not asserted beyond the bound above (timing belongs to benchmarks).
    console.log(`last order sent ${last.rows[0]!.last.getTime() - engagedAt.getTime()} ms after engaging`);

    // Nothing of A's deployments is left working; what was working was cancelled by the switch.
    const working = await until(async () => {
      const { rows: w } = await db.pool.query(
        `SELECT id FROM orders WHERE deployment_id = ANY($1) AND status IN ('new', 'sent', 'open', 'partially_filled')`,
        [deploymentIds],
      );
      return w.length === 0 ? w : undefined;
    }, 'the working orders to be cancelled');
    expect(working).toEqual([]);
    const cancelled = await db.pool.query<{ status: string }>(
      `SELECT status FROM orders WHERE deployment_id = ANY($1) AND end_source = 'kill_switch'`,
      [deploymentIds],
    );
    expect(cancelled.rows.every((r) => r.status === 'cancelled')).toBe(true);
    console.log(`${cancelled.rows.length} working orders cancelled by the switch`);
    // A is still running its deployments: a refusal is not a failure.
    expect(a.exitCode).toBeNull();
    const states = await db.pool.query<{ status: string }>(
      'SELECT status FROM deployments WHERE id = ANY($1)',
      [deploymentIds],
    );
    expect(states.rows.map((r) => r.status)).toEqual(deploymentIds.map(() => 'running'));

    // Releasing the global switch needs an admin; after it, A trades again.
    await expect(
      operator.risk.killSwitch.release.mutate({ id: switchId, reason: 'operator tries' }),
    ).rejects.toThrow(/needs an admin/);
    await b.api('admin').risk.killSwitch.release.mutate({ id: switchId, reason: 'all clear' });
    const releasedAt = new Date();
    await until(
      () =>
        lines.some((l) => Array.isArray(l.killSwitches) && !(l.killSwitches as number[]).includes(switchId))
          ? true
          : undefined,
      'daemon A to hear of the release',
    );
    await until(async () => {
      const { rows: again } = await db.pool.query(
        `SELECT id FROM orders WHERE deployment_id = ANY($1) AND sent_at > $2 LIMIT 1`,
        [deploymentIds, releasedAt],
      );
      return again.length > 0 ? true : undefined;
    }, 'an order after the release');
  }, 240_000);
});
