// Fault tests of the runner (issue 10 §5): a trader process running a deployment on the
// synthetic feed is killed with SIGKILL at random points, many times; each next process takes
// the deployment over, recovers its orders by looking them up at the venue and resumes it from
// the ledger. At the end the orders at the venue are counted against the ledger: none unknown to
// the ledger, none twice, every status agreed after a last recovery.
//
// QUANTTRADE_FAULT_KILLS sets the number of kills (default 6 for CI; 50 for a thorough run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { reconcileOrders } from '../../daemon/src/trading/ledger/reconcile';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const KILLS = Number(process.env.QUANTTRADE_FAULT_KILLS ?? 6);
const SYMBOLS = ['KILA', 'KILB'];
const SPEED = 300;

let db: TestDatabase;
let dir: string;
let script: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 5);
  dir = mkdtempSync(join(tmpdir(), 'quanttrade-supervisor-'));
  script = join(dir, 'supervisor-process.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/supervisor-process.ts')],
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
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts a trader process, waits until it runs the deployment, kills it after `ms`. */
function runAndKill(start: number, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, db.url, String(start), String(SPEED), SYMBOLS.join(',')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killed && out.includes('ready')) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), ms);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (signal === 'SIGKILL' && killed) resolve();
      else
        reject(new Error(`trader process ended with ${signal ?? code} before it was killed: ${err || out}`));
    });
  });
}

describe('kill -9 of a trader process running a deployment', () => {
  it(`never places an order twice over ${KILLS} kills; the venue holds exactly the ledger's orders`, async () => {
    const ownerId = await createUser(db.pool, 'admin');
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'kill -9',
      template: 'sma-cross',
      params: { fast: 2, slow: 3, size: 1 },
      symbols: SYMBOLS,
      timeframe: '1m',
      product: 'CNC',
      capital: 10_000_000,
      costModel: 'india',
      slippage: 'none',
    });
    const id = deployment.id;
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    // Each run starts later in market time (10 runs a session), so bars never go back.
    const sessions = nseCalendar.sessionsBetween('2025-01-09', '2025-03-31');
    for (let k = 0; k < KILLS; k++) {
      const session = sessions[Math.floor(k / 10)]!;
      await runAndKill(session.open + (k % 10) * 35 * 60_000, 300 + Math.floor(Math.random() * 1500));
      // The killed holder's lease lapses (as after its ttl) so the next process takes over now.
      await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [id]);
    }
    const orders = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1',
      [id],
    );
    expect(orders.rows[0]!.n).toBeGreaterThanOrEqual(KILLS / 2); // the processes did trade between kills

    // A last recovery, as the next daemon runs it; then count both sides.
    const lease = (await acquireLease(db.pool, { deploymentId: id, holder: 'final', ttlMs: 60_000 }))!;
    const venue = await PaperVenue.open({
      pool: db.pool,
      brokerAccountId: deployment.brokerAccountId,
      log: testLogger(),
    });
    const ledger = createLedger({ pool: db.pool, log: testLogger() });
    const detach = ledger.attach(venue);
    await ledger.recover(venue, { brokerAccountId: deployment.brokerAccountId, deploymentId: id }, lease, {
      sentGraceMs: 0,
    });
    detach();
    const rec = await reconcileOrders(db.pool, venue, deployment.brokerAccountId);
    expect(rec.venueOnly).toEqual([]);
    expect(rec.ledgerOnly).toEqual([]);
    expect(rec.mismatched).toEqual([]);
    const twice = await db.pool.query(
      `SELECT client_order_id FROM paper_orders GROUP BY client_order_id HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    const atVenue = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM paper_orders');
    expect(atVenue.rows[0]!.n).toBe(rec.matched);
    const status = await db.pool.query<{ status: string }>('SELECT status FROM deployments WHERE id = $1', [
      id,
    ]);
    expect(['running', 'starting']).toContain(status.rows[0]!.status);
  }, 600_000);
});
