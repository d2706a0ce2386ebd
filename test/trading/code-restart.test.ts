// A running deployment of user code survives kill -9 of its trader process: each next process
// (test/trading/support/supervisor-process.ts, the harness of runner-faults.test.ts) takes it
// over, recovers its orders at the venue by client order id, reopens its sandbox from the ledger
// (cash, positions, working orders adopted, never sent again) and resumes. The venue then holds
// exactly the ledger's orders, none twice. Lean: a few kills (runner-faults runs the many).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { packageRoot } from '../../daemon/src/config/package-root';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { reconcileOrders } from '../../daemon/src/trading/ledger/reconcile';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { exampleSource } from '../sandbox/support';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const KILLS = Number(process.env.QUANTTRADE_CODE_FAULT_KILLS ?? 3);
const SYMBOLS = ['RSTA', 'RSTB'];
const SPEED = 300;

let db: TestDatabase;
let dir: string;
let script: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 11);
  // Inside the package (dist/, ignored): the process finds the sandbox host from its own path.
  dir = mkdtempSync(join(packageRoot(), 'dist', 'test-code-restart-'));
  script = join(dir, 'supervisor-process.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/supervisor-process.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: script,
    external: ['pg-native', 'esbuild'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
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

describe('kill -9 of a trader process running a code deployment', () => {
  it(`resumes it ${KILLS} times without an order twice; the venue holds exactly the ledger's orders`, async () => {
    const ownerId = await createUser(db.pool, 'admin');
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'code kill -9',
      code: { source: exampleSource('sma-cross'), language: 'ts', name: 'sma-cross', paramSchema: {} },
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
    const sessions = nseCalendar.sessionsBetween('2025-01-09', '2025-03-31');
    const counts: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      await runAndKill(sessions[k]!.open + 60 * 60_000, 1500 + Math.floor(Math.random() * 1500));
      await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [id]);
      const n = await db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1',
        [id],
      );
      counts.push(n.rows[0]!.n);
    }
    // Every process traded: the orders grew after each resume (it ran, it did not just hold).
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts.at(-1)).toBeGreaterThan(counts[0]!);
    const status = await db.pool.query<{ status: string; error: string | null }>(
      'SELECT status, error FROM deployments WHERE id = $1',
      [id],
    );
    expect(status.rows[0]).toMatchObject({ error: null });
    expect(['running', 'starting']).toContain(status.rows[0]!.status);

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
    // Several sessions of client order ids: each process its own (the lease token), none reused.
    const heads = await db.pool.query<{ head: string }>(
      `SELECT DISTINCT split_part(client_order_id, '-', 2) AS head FROM orders WHERE deployment_id = $1`,
      [id],
    );
    expect(heads.rows.length).toBeGreaterThan(1);
  }, 300_000);
});
