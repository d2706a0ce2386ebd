// kill -9 in the middle of a send loop to Dhan (the fake), many times: a real process sends market
// orders through the ledger and the Dhan BrokerLink; the fake answers every place 40 ms after
// creating the order, so many kills land between the broker acting and the answer. The next
// process takes the lease over and recovers (lookups by correlation id, never a resend) before
// sending again. At the end — one more recovery and a reconciliation pass, as the next daemon
// would run them — the orders AT THE BROKER are counted: none placed twice, each one a ledger
// order, no signal with two orders, nothing left unresolved, and the ledger's position equal to
// the broker's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDhanBrokerLink } from '../../daemon/src/broker/dhan';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { reconcileAccount } from '../../daemon/src/trading/reconcile/reconcile-pass';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { dhanClientFor } from '../support/dhan';
import { testLogger } from '../support/logger';
import {
  createBrokerAccount,
  createDeployment,
  createInstrument,
  createUser,
} from './support/trading-fixtures';

const KILLS = 15;

let db: TestDatabase;
let fake: FakeDhan;
let dir: string;
let script: string;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeDhan({ pingMs: 1000, tickMs: 1000, fillMarketOrders: true, enforceLimits: false });
  dir = mkdtempSync(join(tmpdir(), 'quanttrade-dhan-send-loop-'));
  script = join(dir, 'dhan-send-loop.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/dhan-send-loop.ts')],
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

interface Run {
  sent: number;
  recovered: { updated: number; closedNeverSent: number; closedNotFound: number };
}

function runAndKill(args: string[], killAfterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let recovered: Run['recovered'] | undefined;
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^ready (.*)$/m.exec(out);
      if (!recovered && ready) {
        recovered = JSON.parse(ready[1]!);
        timer = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(deadline);
      if (signal === 'SIGKILL' && killed)
        resolve({ sent: (out.match(/^sent /gm) ?? []).length, recovered: recovered! });
      else reject(new Error(`send loop ended with ${signal ?? code} before it was killed: ${err || out}`));
    });
  });
}

describe('kill -9 during a send loop to Dhan', () => {
  it(`never places an order twice over ${KILLS} kills, and the ledger ends equal to the broker`, async () => {
    const ownerId = await createUser(db.pool);
    const accountId = await createBrokerAccount(db.pool, ownerId, 'dhan');
    const { deploymentId } = await createDeployment(db.pool, ownerId, accountId);
    const instrument = await createInstrument(db.pool, { securityId: '7001' });
    fake.broker.setPrice('7001', 250);
    fake.faults.add('POST /orders', { kind: 'delay', ms: 40 }, 100_000);
    const token = fake.tokens.issue(fake.clientId);
    const args = [
      db.url,
      String(accountId),
      String(deploymentId),
      String(instrument.id),
      fake.restUrl,
      fake.clientId,
      token,
    ];
    let sent = 0;
    let interrupted = 0;
    for (let k = 0; k < KILLS; k++) {
      const run = await runAndKill(args, 50 + Math.floor(Math.random() * 250));
      sent += run.sent;
      interrupted += run.recovered.updated + run.recovered.closedNeverSent + run.recovered.closedNotFound;
      await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
        deploymentId,
      ]);
    }
    fake.faults.clear();
    expect(sent).toBeGreaterThan(KILLS / 2);
    expect(interrupted).toBeGreaterThan(0);

    // The next daemon: recovery under the lease, then a reconciliation pass.
    const lease = (await acquireLease(db.pool, { deploymentId, holder: 'final', ttlMs: 60_000 }))!;
    const client = dhanClientFor(fake, { token: () => token });
    const log = testLogger();
    const link = createDhanBrokerLink({ rest: client.rest, log });
    const ledger = createLedger({ pool: db.pool, log });
    await ledger.recover(link, { brokerAccountId: accountId, deploymentId }, lease, { sentGraceMs: 0 });
    const report = await reconcileAccount(
      { pool: db.pool, ledger, log },
      link,
      { id: accountId, ownerId },
      'start',
    );
    client.close();
    expect(report.differences).toEqual([]);

    // Counted at the broker: no correlation id placed twice, every broker order a ledger order.
    expect(fake.broker.duplicates()).toEqual([]);
    const atBroker = fake.broker.orders();
    expect(atBroker.length).toBeGreaterThan(KILLS / 2);
    const { rows: ledgerOrders } = await db.pool.query<{
      client_order_id: string;
      status: string;
      filled_qty: string;
      reason: string | null;
    }>('SELECT client_order_id, status, filled_qty, reason FROM orders WHERE deployment_id = $1', [
      deploymentId,
    ]);
    const byId = new Map(ledgerOrders.map((o) => [o.client_order_id, o]));
    for (const o of atBroker) {
      const mine = byId.get(o.correlationId ?? '');
      expect(mine, `broker order ${o.orderId} (${o.correlationId})`).toBeDefined();
      expect([mine!.status, Number(mine!.filled_qty)]).toEqual(['filled', o.filledQty]);
    }
    expect(new Set(atBroker.map((o) => o.correlationId)).size).toBe(atBroker.length);
    // What never reached the broker was closed, never left new or sent.
    expect(ledgerOrders.filter((o) => o.status === 'new' || o.status === 'sent')).toEqual([]);
    const { rows: perSignal } = await db.pool.query(
      `SELECT s.signal_key, count(o.id)::int AS orders FROM signals s LEFT JOIN orders o ON o.signal_id = s.id
        WHERE s.deployment_id = $1 GROUP BY s.signal_key HAVING count(o.id) <> 1`,
      [deploymentId],
    );
    expect(perSignal).toEqual([]);
    const { rows: position } = await db.pool.query<{ net: string | null }>(
      'SELECT sum(net_qty) AS net FROM positions WHERE broker_account_id = $1',
      [accountId],
    );
    const brokerNet = fake.broker.positions().reduce((n, p) => n + p.netQty, 0);
    expect(Number(position[0]!.net ?? 0)).toBe(brokerNet);
  }, 240_000);
});
