// kill -9 in the middle of a send loop, many times (issue 10 §5): a real process submits and
// sends orders through the ledger to the paper venue; it is killed at random points (the venue
// answers after 10 ms, so many kills land between the venue acting and the answer); the next
// process takes the lease over and recovers before sending again. At the end the orders at the
// venue are counted and compared with the ledger: every venue order has exactly one ledger order,
// no signal has two orders, and the two agree on every order's status.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { createPaperAccount } from '../../daemon/src/broker/paper/paper-account';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { createInstrument, tradingSetup } from './support/trading-fixtures';

const KILLS = 30;

let db: TestDatabase;
let dir: string;
let script: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'quanttrade-send-loop-'));
  script = join(dir, 'send-loop.cjs');
  // One self-contained bundle: each start is a plain `node` of one file.
  await build({
    entryPoints: [join(import.meta.dirname, 'support/send-loop.ts')],
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

interface Run {
  sent: number;
  ready: boolean;
  killedAfterReady: boolean;
  /** What the run's start-up recovery found (the previous run's interrupted orders). */
  recovered: { updated: number; closedNeverSent: number; closedNotFound: number } | undefined;
}

/** Starts the loop, waits until it has recovered (and maybe sent a few), kills it with SIGKILL. */
function runAndKill(args: string[], killAfterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { sent: 0, ready: false, killedAfterReady: false, recovered: undefined };
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^ready (.*)$/m.exec(out);
      if (!run.ready && ready) {
        run.ready = true;
        run.recovered = JSON.parse(ready[1]!);
        timer = setTimeout(() => {
          run.killedAfterReady = true;
          child.kill('SIGKILL');
        }, killAfterMs);
      }
      run.sent = (out.match(/^sent /gm) ?? []).length;
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(deadline);
      if (signal === 'SIGKILL' && run.killedAfterReady) resolve(run);
      else reject(new Error(`send loop ended with ${signal ?? code} before it was killed: ${err || out}`));
    });
  });
}

describe('kill -9 during a send loop', () => {
  it(`never sends an order twice over ${KILLS} kills, and the ledger agrees with the venue`, async () => {
    const setup = await tradingSetup(db.pool);
    const instrument = await createInstrument(db.pool);
    await createPaperAccount(db.pool, {
      brokerAccountId: setup.brokerAccountId,
      startingCapital: 100_000_000,
    });
    const args = [db.url, String(setup.brokerAccountId), String(setup.deploymentId), String(instrument.id)];
    let sent = 0;
    let interrupted = 0;
    for (let k = 0; k < KILLS; k++) {
      const run = await runAndKill(args, Math.floor(Math.random() * 200));
      sent += run.sent;
      const r = run.recovered!;
      interrupted += r.updated + r.closedNeverSent + r.closedNotFound;
      // The killed holder's lease lapses (as it would after its ttl) so the next one takes over now.
      await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
        setup.deploymentId,
      ]);
    }
    expect(sent).toBeGreaterThan(KILLS / 2); // the loop did send between kills
    // Kills landed inside sends: later runs found orders left new, sent, or unanswered at the venue.
    expect(interrupted).toBeGreaterThan(0);

    // A last recovery, as the next daemon would run it.
    const lease = (await acquireLease(db.pool, {
      deploymentId: setup.deploymentId,
      holder: 'final',
      ttlMs: 60_000,
    }))!;
    const venue = await PaperVenue.open({
      pool: db.pool,
      brokerAccountId: setup.brokerAccountId,
      log: testLogger(),
    });
    const ledger = createLedger({ pool: db.pool, log: testLogger() });
    await ledger.recover(
      venue,
      { brokerAccountId: setup.brokerAccountId, deploymentId: setup.deploymentId },
      lease,
      {
        sentGraceMs: 0,
      },
    );

    const { rows: perSignal } = await db.pool.query(
      `SELECT s.signal_key, count(o.id)::int AS orders FROM signals s LEFT JOIN orders o ON o.signal_id = s.id
        WHERE s.deployment_id = $1 GROUP BY s.signal_key HAVING count(o.id) <> 1`,
      [setup.deploymentId],
    );
    expect(perSignal).toEqual([]);
    const { rows: venueWithoutLedger } = await db.pool.query(
      `SELECT p.client_order_id FROM paper_orders p LEFT JOIN orders o ON o.client_order_id = p.client_order_id
        WHERE p.broker_account_id = $1 AND o.id IS NULL`,
      [setup.brokerAccountId],
    );
    expect(venueWithoutLedger).toEqual([]);
    const { rows: duplicates } = await db.pool.query(
      `SELECT o.signal_id, count(*)::int AS at_venue FROM paper_orders p JOIN orders o ON o.client_order_id = p.client_order_id
        WHERE p.broker_account_id = $1 GROUP BY o.signal_id HAVING count(*) > 1`,
      [setup.brokerAccountId],
    );
    expect(duplicates).toEqual([]);
    // Statuses agree; nothing is left unresolved in the ledger.
    const { rows: disagreements } = await db.pool.query(
      `SELECT o.client_order_id, o.status AS ledger, p.status AS venue, o.filled_qty, p.filled_qty AS venue_filled
         FROM orders o LEFT JOIN paper_orders p ON p.client_order_id = o.client_order_id
        WHERE o.deployment_id = $1
          AND (p.id IS NULL AND o.status NOT IN ('cancelled')
               OR p.id IS NOT NULL AND (o.status <> p.status OR o.filled_qty <> p.filled_qty))`,
      [setup.deploymentId],
    );
    expect(disagreements).toEqual([]);
    const { rows: counts } = await db.pool.query(
      `SELECT (SELECT count(*)::int FROM paper_orders WHERE broker_account_id = $1) AS venue,
              (SELECT count(*)::int FROM orders WHERE deployment_id = $2 AND sent_at IS NOT NULL
                  AND NOT (status = 'cancelled' AND reason = 'not_found_at_broker')) AS ledger_sent,
              (SELECT count(*)::int FROM orders WHERE deployment_id = $2 AND status IN ('new', 'sent')) AS unresolved`,
      [setup.brokerAccountId, setup.deploymentId],
    );
    expect(counts[0].venue).toBe(counts[0].ledger_sent);
    expect(counts[0].unresolved).toBe(0);
    // Positions booked by the ledger equal the venue's own.
    const { rows: books } = await db.pool.query(
      `SELECT (SELECT net_qty FROM positions WHERE deployment_id = $2) AS ledger,
              (SELECT net_qty FROM paper_positions WHERE broker_account_id = $1) AS venue`,
      [setup.brokerAccountId, setup.deploymentId],
    );
    expect(books[0].ledger).toBe(books[0].venue);
  }, 240_000);
});
