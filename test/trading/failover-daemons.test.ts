// Holder-kill failover with two real daemon processes (issue 10 §5): `quanttrade start --roles
// api,trader` twice on one database, both on the same simulated market clock
// (--trading-clock, a minute of market time per second) with a 2 s takeover. Daemon A holds a
// paper deployment streaming orders on the synthetic feed; A is killed with SIGKILL; B takes the
// deployment over within the takeover time (lease ttl + one scan) and carries on under a newer
// fencing token, which the database enforces (A's token is refused). At the end the orders at
// the paper venue are counted against the ledger: every client order id once, none unknown to
// the ledger, every ledger order that reached the venue there exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { istTime } from '../../daemon/src/core/time';
import { loadDeployment, transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { reconcileOrders } from '../../daemon/src/trading/ledger/reconcile';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { spawnDaemon, type SpawnedDaemon } from '../support/spawn-daemon';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const SYMBOLS = ['DEMOBANK', 'DEMOTECH']; // the symbols of the daemon's synthetic feed
const TAKEOVER_SECONDS = 2;

let db: TestDatabase;
const daemons: SpawnedDaemon[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  // Warm-up history before the simulated session (and a non-empty bar store: no demo load).
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 17);
}, 60_000);
afterAll(async () => {
  for (const d of daemons) await d.stop(5000).catch(() => undefined);
  await db?.drop();
});

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lease = async (id: number) =>
  (
    await db.pool.query<{ holder: string; token: string }>(
      'SELECT holder, token::text AS token FROM leases WHERE deployment_id = $1 AND expires_at > clock_timestamp()',
      [id],
    )
  ).rows[0];
/** Orders of the deployment placed under a fencing token (client order id d<id>-<token base 36>-n). */
const ordersUnder = async (id: number, token: string) =>
  (
    await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1 AND client_order_id LIKE $2`,
      [id, `d${id}-${BigInt(token).toString(36)}-%`],
    )
  ).rows[0]!.n;

describe('two trader daemons, the holder killed', () => {
  it('the other takes the deployment over within the takeover time and no order is sent twice', async () => {
    const ownerId = await createUser(db.pool, 'admin');
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'failover',
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
    // Both daemons read 2025-01-09 09:20 IST at the same wall instant, a minute per second.
    const clock = `${istTime('2025-01-09', 9, 20)},60,${Date.now()}`;
    const env = {
      QUANTTRADE_ROLES: 'api,trader',
      QUANTTRADE_TAKEOVER_SECONDS: String(TAKEOVER_SECONDS),
      QUANTTRADE_TRADING_CLOCK: clock,
    };
    const a = await spawnDaemon({ databaseUrl: db.url, env });
    daemons.push(a);
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    const held = await until('A runs it', async () => {
      const l = await lease(id);
      return l && (await loadDeployment(db.pool, id)).status === 'running' && l;
    });
    const b = await spawnDaemon({ databaseUrl: db.url, env });
    daemons.push(b);
    await until('orders under A', async () => (await ordersUnder(id, held.token)) >= 3);
    expect((await lease(id))!.holder).toBe(held.holder); // B started later and left it to A

    a.kill('SIGKILL');
    const killedAt = Date.now();
    await a.exited;
    const taken = await until('B takes over', async () => {
      const l = await lease(id);
      return l && l.holder !== held.holder && l;
    });
    const takeoverMs = Date.now() - killedAt;
    // The lease lapses within the ttl; B's next scan (every ttl/4) claims it. Generous slack for
    // a loaded machine, still within the 10 s.
    expect(takeoverMs).toBeLessThan(10_000);
    expect(b.output()).toMatch(new RegExp(`"deploymentId":${id},.*"msg":"lease acquired"`)); // B, the only other
    expect(BigInt(taken.token)).toBeGreaterThan(BigInt(held.token));

    // B carries on under its own token; A's token is refused by the database (fencing).
    await until('orders under B', async () => (await ordersUnder(id, taken.token)) >= 2, 90_000);
    expect((await loadDeployment(db.pool, id)).status).toBe('running');
    const ledger = createLedger({ pool: db.pool, log: testLogger() });
    const stale = await ledger
      .submit(
        { deploymentId: id, token: Number(held.token) },
        {
          clientOrderId: `d${id}-stale-1`,
          deploymentId: id,
          brokerAccountId: deployment.brokerAccountId,
          instrumentId: (
            await db.pool.query<{ id: number }>('SELECT id::int FROM instruments WHERE symbol = $1', [
              SYMBOLS[0],
            ])
          ).rows[0]!.id,
          side: 'buy',
          qty: 1,
          orderType: 'MARKET',
          product: 'CNC',
          validity: 'DAY',
          costModel: 'india',
        },
      )
      .then(
        () => 'written',
        (err: { code?: string }) => err.code,
      );
    expect(stale).toBe('LEASE_LOST');

    // B shuts down (its lease released); a last recovery as the next holder would run it; then
    // both sides are counted.
    await b.stop();
    const final = (await acquireLease(db.pool, { deploymentId: id, holder: 'final', ttlMs: 60_000 }))!;
    const venue = await PaperVenue.open({
      pool: db.pool,
      brokerAccountId: deployment.brokerAccountId,
      log: testLogger(),
    });
    const detach = ledger.attach(venue);
    await ledger.recover(venue, { brokerAccountId: deployment.brokerAccountId, deploymentId: id }, final, {
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
    // Every ledger order reached the venue once, except one a killed holder committed and never
    // handed over (closed by recovery, not sent): broker-side orders = the ledger's sent orders.
    const ledgerOrders = await db.pool.query<{ sent: number; never: number }>(
      `SELECT count(*) FILTER (WHERE reason IS DISTINCT FROM 'never_sent_before_restart')::int AS sent,
              count(*) FILTER (WHERE reason = 'never_sent_before_restart')::int AS never
         FROM orders WHERE deployment_id = $1`,
      [id],
    );
    expect(ledgerOrders.rows[0]!.sent).toBe(rec.matched);
    expect(ledgerOrders.rows[0]!.never).toBeLessThanOrEqual(1);
    expect(rec.matched).toBeGreaterThanOrEqual(4);
  }, 240_000);
});
