// kill -9 of a trader daemon running a LIVE deployment through Dhan (the local fake), at random
// points, many times (issue 10 §5 for the live path): each process holds the account's link,
// runs the deployment on the Dhan feed and sends market orders through the ledger and the Dhan
// BrokerLink; the fake answers every place 40 ms after creating the order, so kills land between
// the broker acting and the answer. Each next process takes the link and the deployment over,
// recovers the orders by correlation id (never a resend) and trades on. At the end — one more
// recovery and a reconciliation pass, as the next daemon would run them — the orders AT THE
// BROKER are counted: none placed twice, each one a ledger order with its status and quantity,
// nothing left unresolved, the ledger's position equal to the broker's.
//
// QUANTTRADE_FAULT_KILLS sets the number of kills (default 6 for CI; 50 for a thorough run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDhanBrokerLink } from '../../daemon/src/broker/dhan';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { reconcileAccount } from '../../daemon/src/trading/reconcile/reconcile-pass';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { dhanClientFor } from '../support/dhan';
import { testLogger } from '../support/logger';
import { createLiveDeployment, newKeyHex } from './support/live-trader';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const KILLS = Number(process.env.QUANTTRADE_FAULT_KILLS ?? 6);
const SYMBOLS = ['LKLA', 'LKLB'];
const SECURITY_IDS = ['92001', '92002'];
const SPEED = 300;

let db: TestDatabase;
let fake: FakeDhan;
let dir: string;
let script: string;
// The session clock the fake's feed and the current process share.
let market = { start: 0, wall: 0 };

beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 29);
  fake = await startFakeDhan({
    pingMs: 1000,
    tickMs: 50,
    fillMarketOrders: true,
    enforceLimits: false,
    marketClock: () => market.start + (Date.now() - market.wall) * SPEED,
  });
  fake.broker.setPrice(SECURITY_IDS[0]!, 300);
  fake.broker.setPrice(SECURITY_IDS[1]!, 500);
  dir = mkdtempSync(join(tmpdir(), 'quanttrade-live-trader-'));
  script = join(dir, 'live-trader-process.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/live-trader-process.ts')],
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
  await fake?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts a trader process, waits until it runs the deployment, kills it `ms` later. */
function runAndKill(args: string[], ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      else reject(new Error(`trader ended with ${signal ?? code} before it was killed: ${err || out}`));
    });
  });
}

describe('kill -9 of a trader daemon running a live deployment through Dhan', () => {
  it(`never places an order twice over ${KILLS} kills; the broker holds exactly the ledger's orders`, async () => {
    const ownerId = await createUser(db.pool, 'admin');
    const keyHex = newKeyHex();
    const token = fake.tokens.issue(fake.clientId);
    const { accountId, deployment } = await createLiveDeployment(db.pool, {
      ownerId,
      keyHex,
      clientId: fake.clientId,
      token,
      symbols: SYMBOLS,
      securityIds: SECURITY_IDS,
    });
    const id = deployment.id;
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    fake.faults.add('POST /orders', { kind: 'delay', ms: 40 }, 100_000);
    // Each run starts later in market time (10 runs a session), so bars never go back.
    const sessions = nseCalendar.sessionsBetween('2025-01-09', '2025-03-31');
    for (let k = 0; k < KILLS; k++) {
      const session = sessions[Math.floor(k / 10)]!;
      market = { start: session.open + (k % 10) * 35 * 60_000, wall: Date.now() };
      await runAndKill(
        [
          db.url,
          keyHex,
          fake.restUrl,
          fake.feedUrl,
          fake.orderUpdateUrl,
          String(market.start),
          String(market.wall),
          String(SPEED),
        ],
        300 + Math.floor(Math.random() * 1500),
      );
      // The killed holder's lease lapses (as after its ttl) so the next process takes over now;
      // its link's advisory lock went with its database session.
      await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [id]);
    }
    fake.faults.clear();
    const atBroker = fake.broker.orders();
    expect(atBroker.length).toBeGreaterThanOrEqual(KILLS / 2); // the processes did trade between kills

    // The next daemon: recovery under the lease, then a reconciliation pass.
    const lease = (await acquireLease(db.pool, { deploymentId: id, holder: 'final', ttlMs: 60_000 }))!;
    const client = dhanClientFor(fake, { token: () => token });
    const log = testLogger();
    const link = createDhanBrokerLink({ rest: client.rest, log });
    const ledger = createLedger({ pool: db.pool, log });
    await ledger.recover(link, { brokerAccountId: accountId, deploymentId: id }, lease, { sentGraceMs: 0 });
    const report = await reconcileAccount(
      { pool: db.pool, ledger, log },
      link,
      { id: accountId, ownerId },
      'start',
    );
    client.close();
    expect(report.differences).toEqual([]);

    expect(fake.broker.duplicates()).toEqual([]);
    const { rows: orders } = await db.pool.query<{
      client_order_id: string;
      status: string;
      filled_qty: string;
    }>('SELECT client_order_id, status, filled_qty FROM orders WHERE deployment_id = $1', [id]);
    const byId = new Map(orders.map((o) => [o.client_order_id, o]));
    for (const o of fake.broker.orders()) {
      const mine = byId.get(o.correlationId ?? '');
      expect(mine, `broker order ${o.orderId} (${o.correlationId})`).toBeDefined();
      expect([mine!.status, Number(mine!.filled_qty)]).toEqual(['filled', o.filledQty]);
    }
    expect(new Set(fake.broker.orders().map((o) => o.correlationId)).size).toBe(fake.broker.orders().length);
    expect(orders.filter((o) => o.status === 'new' || o.status === 'sent')).toEqual([]);
    const { rows: perSignal } = await db.pool.query(
      `SELECT s.signal_key, count(o.id)::int AS orders FROM signals s LEFT JOIN orders o ON o.signal_id = s.id
        WHERE s.deployment_id = $1 GROUP BY s.signal_key HAVING count(o.id) <> 1`,
      [id],
    );
    expect(perSignal).toEqual([]);
    const { rows: position } = await db.pool.query<{ net: string | null }>(
      'SELECT sum(net_qty) AS net FROM positions WHERE broker_account_id = $1',
      [accountId],
    );
    expect(Number(position[0]!.net ?? 0)).toBe(fake.broker.positions().reduce((n, p) => n + p.netQty, 0));
  }, 600_000);
});
