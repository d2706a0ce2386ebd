// A PostgreSQL restart under a trader daemon running a live deployment through Dhan (the local
// fake): a cluster of the test's own (fault-harness.ts), restarted fast while the deployment
// trades. The daemon loses its link's lock session (the link stops: no order can go out) and its
// lease; when the database is back it takes the link and the deployment again, recovers the
// orders by correlation id and trades on. Counted at the broker: none twice, every order in the
// ledger with its status and quantity, positions equal.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceClock } from '../../daemon/src/broker/feeds/feed-source';
import { istTime } from '../../daemon/src/core/time';
import { migrate } from '../../daemon/src/db/migration-runner';
import type { Pool } from '../../daemon/src/db/pool';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { scaledClock } from '../../daemon/src/trading/runner/scaled-clock';
import { eventually } from '../support/dhan';
import { testLogger } from '../support/logger';
import { checkPool, startFaultCluster, type FaultCluster } from '../security/support/fault-harness';
import { createLiveDeployment, newKeyHex, startLiveTrader, type LiveTrader } from './support/live-trader';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const SYMBOLS = ['LPGA', 'LPGB'];
const SECURITY_IDS = ['93001', '93002'];

let cluster: FaultCluster;
let pool: Pool;
let fake: FakeDhan;
let trader: LiveTrader | undefined;
const clock: SourceClock = scaledClock(istTime('2025-01-09', 9, 15), 60);

beforeAll(async () => {
  cluster = await startFaultCluster(['live']);
  pool = checkPool(cluster.url('live'));
  await migrate(pool, join(import.meta.dirname, '../../sql'), testLogger());
  await storeSessions(pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 31);
  fake = await startFakeDhan({
    pingMs: 1000,
    tickMs: 50,
    fillMarketOrders: true,
    enforceLimits: false,
    marketClock: () => clock.now(),
  });
  fake.broker.setPrice(SECURITY_IDS[0]!, 300);
  fake.broker.setPrice(SECURITY_IDS[1]!, 500);
}, 120_000);

afterAll(async () => {
  await trader?.stop().catch(() => undefined);
  await pool?.end().catch(() => undefined);
  await fake?.close();
  await cluster?.close();
});

const filled = async (id: number) =>
  (
    await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1 AND status = 'filled'`,
      [id],
    )
  ).rows[0]!.n;

const leaseToken = async (id: number) =>
  Number(
    (await pool.query<{ token: string }>('SELECT token FROM leases WHERE deployment_id = $1', [id])).rows[0]!
      .token,
  );

describe('a PostgreSQL restart under a live deployment', () => {
  it('takes the link and the deployment back under a new lease, recovers, trades on, and places nothing twice', async () => {
    const ownerId = await createUser(pool, 'admin');
    const keyHex = newKeyHex();
    const token = fake.tokens.issue(fake.clientId);
    const { accountId, deployment } = await createLiveDeployment(pool, {
      ownerId,
      keyHex,
      clientId: fake.clientId,
      token,
      symbols: SYMBOLS,
      securityIds: SECURITY_IDS,
    });
    const id = deployment.id;
    const t = await startLiveTrader({
      databaseUrl: cluster.url('live'),
      keyHex,
      urls: { rest: fake.restUrl, feed: fake.feedUrl, orderUpdates: fake.orderUpdateUrl },
      clock,
      daemonId: 'restart',
      log: testLogger(),
      leaseTtlMs: 2000,
    });
    trader = t;
    await transitionDeployment(pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    await eventually(async () => (await filled(id)) >= 2, 60_000, 'trading before the restart');

    const token0 = await leaseToken(id);
    await cluster.restart('fast', 1000);
    // The link stopped with its lock session; it and the deployment are taken back.
    const before = fake.broker.orders().length;
    await eventually(() => t.links.held().includes(accountId), 30_000, 'link held again');
    // Resumed under a new lease (the old one lapsed while the database was away).
    await eventually(
      async () => t.supervisor.holding().includes(id) && (await leaseToken(id)) > token0,
      30_000,
      'deployment resumed under a new lease',
    );
    await eventually(() => fake.broker.orders().length >= before + 2, 60_000, 'trading after the restart');
    await eventually(async () => (await filled(id)) >= before + 2, 30_000, 'fills booked after the restart');

    const report = await t.trading.reconcile(accountId);
    expect(report.differences).toEqual([]);
    expect(fake.broker.duplicates()).toEqual([]);
    const { rows: orders } = await pool.query<{
      client_order_id: string;
      status: string;
      filled_qty: string;
    }>('SELECT client_order_id, status, filled_qty FROM orders WHERE deployment_id = $1', [id]);
    const byId = new Map(orders.map((o) => [o.client_order_id, o]));
    for (const o of fake.broker.orders()) {
      const mine = byId.get(o.correlationId ?? '');
      expect(mine, `broker order ${o.orderId} (${o.correlationId})`).toBeDefined();
      expect(Number(mine!.filled_qty)).toBe(o.filledQty);
    }
    expect(new Set(fake.broker.orders().map((o) => o.correlationId)).size).toBe(fake.broker.orders().length);
    const { rows: position } = await pool.query<{ net: string | null }>(
      'SELECT sum(net_qty) AS net FROM positions WHERE broker_account_id = $1',
      [accountId],
    );
    expect(Number(position[0]!.net ?? 0)).toBe(fake.broker.positions().reduce((n, p) => n + p.netQty, 0));
  }, 240_000);
});
