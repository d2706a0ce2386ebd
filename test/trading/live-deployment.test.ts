// A live deployment through Dhan (the local fake, its documented wire format): two trader
// daemons on one database, each as `quanttrade start` wires it (link supervisor, TradingLinks,
// supervisor). The daemon holding the account's link runs the deployment: bars from the Dhan
// market feed, orders through the ledger (outbox) and the Dhan BrokerLink, fills from the
// order-update socket. The other daemon sends nothing. Faults along the way: the broker answers
// places after the client's timeout (the order is created; the link finds it by correlation id),
// then the holder's database goes away — it stops sending, the second daemon takes over the link
// and the deployment and trades on. At the end the orders AT THE BROKER are counted: none placed
// twice, each one a ledger order with the same status and quantity, the positions equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceClock } from '../../daemon/src/broker/feeds/feed-source';
import { istTime } from '../../daemon/src/core/time';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { loadDeployment, transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { scaledClock } from '../../daemon/src/trading/runner/scaled-clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/dhan';
import { testLogger } from '../support/logger';
import { startTcpProxy, viaProxy, type TcpProxy } from '../support/tcp-proxy';
import { createLiveDeployment, newKeyHex, startLiveTrader, type LiveTrader } from './support/live-trader';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const SYMBOLS = ['LIVA', 'LIVB'];
const SECURITY_IDS = ['91001', '91002'];

let db: TestDatabase;
let fake: FakeDhan;
let proxy: TcpProxy;
const traders: LiveTrader[] = [];
// A minute of market time per wall second from the next session's open, whatever the hour.
const clock: SourceClock = scaledClock(istTime('2025-01-09', 9, 15), 60);

beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 23);
  fake = await startFakeDhan({
    pingMs: 1000,
    tickMs: 50,
    fillMarketOrders: true,
    enforceLimits: false,
    marketClock: () => clock.now(),
  });
  fake.broker.setPrice(SECURITY_IDS[0]!, 300);
  fake.broker.setPrice(SECURITY_IDS[1]!, 500);
  const target = new URL(db.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
}, 60_000);

afterAll(async () => {
  proxy?.restore();
  for (const t of traders) await t.stop().catch(() => undefined);
  await proxy?.close();
  await fake?.close();
  await db?.drop();
});

const count = async (sql: string, args: unknown[]) =>
  (await db.pool.query<{ n: number }>(sql, args)).rows[0]!.n;

describe('a live deployment through Dhan', () => {
  it('trades on the Dhan feed through one holder; a timeout after acting and a lost database send nothing twice', async () => {
    const ownerId = await createUser(db.pool, 'admin');
    const keyHex = newKeyHex();
    const { accountId, deployment } = await createLiveDeployment(db.pool, {
      ownerId,
      keyHex,
      clientId: fake.clientId,
      token: fake.tokens.issue(fake.clientId),
      symbols: SYMBOLS,
      securityIds: SECURITY_IDS,
    });
    const id = deployment.id;
    const common = {
      keyHex,
      urls: { rest: fake.restUrl, feed: fake.feedUrl, orderUpdates: fake.orderUpdateUrl },
      clock,
      log: testLogger(),
      leaseTtlMs: 2000,
      risk: true,
    };
    // Daemon A reaches the database through a proxy the test cuts later.
    const a = await startLiveTrader({ ...common, databaseUrl: viaProxy(db.url, proxy), daemonId: 'A' });
    traders.push(a);
    await eventually(() => a.links.held().includes(accountId), 15_000, 'A holds the Dhan link');
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    await eventually(
      async () => (await loadDeployment(db.pool, id)).status === 'running',
      20_000,
      'running on A',
    );
    expect(a.supervisor.holding()).toEqual([id]);
    // The feed carries the deployment's universe.
    await eventually(() => fake.feed.subscribed() >= SYMBOLS.length, 10_000, 'feed subscribed');

    // The next places are answered after the client's timeout (1 s), the order already created.
    const lookupsBefore = fake.requests.filter((r) => r.path.includes('/orders/external/')).length;
    fake.faults.add('POST /orders', { kind: 'delay', ms: 1500 }, 2);
    const filledOrders = () =>
      count(`SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1 AND status = 'filled'`, [id]);
    await eventually(async () => (await filledOrders()) >= 4, 60_000, 'A trades through Dhan');
    expect(fake.requests.filter((r) => r.path.includes('/orders/external/')).length).toBeGreaterThan(
      lookupsBefore,
    );

    // A place cut before the broker acts, and every lookup failing for a while: the outcome is
    // unknown, the order stays `sent` (never resent); once lookups answer, the holder settles it
    // by lookup — the broker does not have it, so it is closed, and trading goes on.
    fake.faults.add('POST /orders', { kind: 'drop' }, 1);
    fake.faults.add('GET /orders/external/*', { kind: 'status', status: 500 }, 30);
    const lost = await eventually(
      async () =>
        (
          await db.pool.query<{ client_order_id: string }>(
            `SELECT client_order_id FROM orders WHERE deployment_id = $1 AND reason = 'not_found_at_broker'`,
            [id],
          )
        ).rows[0]?.client_order_id,
      60_000,
      'the unknown send settled',
    );
    expect(fake.broker.placesOf(lost)).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM order_events e JOIN orders o ON o.id = e.order_id
          WHERE o.client_order_id = $1 AND e.kind = 'send_unknown'`,
        [lost],
      ),
    ).toBe(1);

    // Daemon B on the same database: the link is A's, so B runs nothing while A trades on.
    const b = await startLiveTrader({ ...common, databaseUrl: db.url, daemonId: 'B' });
    traders.push(b);
    const atBrokerNow = fake.broker.orders().length;
    await eventually(() => fake.broker.orders().length > atBrokerNow, 30_000, 'A keeps trading');
    expect(b.links.held()).toEqual([]);
    expect(b.supervisor.holding()).toEqual([]);

    // A loses its database: it stops sending; B takes the link and the deployment over.
    proxy.cut();
    await eventually(() => b.supervisor.holding().includes(id), 30_000, 'B takes the deployment over');
    expect(b.links.held()).toEqual([accountId]);
    const takenAt = fake.broker.orders().length;
    await eventually(() => fake.broker.orders().length >= takenAt + 2, 60_000, 'B trades on');
    proxy.restore();

    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['running', 'paused'],
      to: 'stopping',
      actor: 'user',
      actorUserId: ownerId,
    });
    await eventually(async () => (await loadDeployment(db.pool, id)).status === 'stopped', 20_000, 'stopped');
    expect(a.supervisor.holding()).toEqual([]);

    // Counted at the broker, after a reconciliation pass on the holder.
    const report = await b.trading.reconcile(accountId);
    expect(report.differences).toEqual([]);
    expect(fake.broker.duplicates()).toEqual([]);
    const atBroker = fake.broker.orders();
    const { rows: ledger } = await db.pool.query<{
      client_order_id: string;
      status: string;
      filled_qty: string;
    }>('SELECT client_order_id, status, filled_qty FROM orders WHERE deployment_id = $1', [id]);
    const byId = new Map(ledger.map((o) => [o.client_order_id, o]));
    for (const o of atBroker) {
      const mine = byId.get(o.correlationId ?? '');
      expect(mine, `broker order ${o.orderId} (${o.correlationId})`).toBeDefined();
      // Market orders: the broker fills them at once.
      expect([mine!.status, Number(mine!.filled_qty)]).toEqual(['filled', o.filledQty]);
    }
    expect(new Set(atBroker.map((o) => o.correlationId)).size).toBe(atBroker.length);
    expect(ledger.filter((o) => o.status === 'new' || o.status === 'sent')).toEqual([]);
    // Orders from both holders' sessions (the lease token is in the client order id).
    const sessions = new Set(ledger.map((o) => o.client_order_id.split('-')[1]));
    expect(sessions.size).toBeGreaterThanOrEqual(2);
    const { rows: position } = await db.pool.query<{ net: string | null }>(
      'SELECT sum(net_qty) AS net FROM positions WHERE broker_account_id = $1',
      [accountId],
    );
    const brokerNet = fake.broker.positions().reduce((n, p) => n + p.netQty, 0);
    expect(Number(position[0]!.net ?? 0)).toBe(brokerNet);
    // The risk gate judged every order that went out (approved, recorded with its client order
    // id); what it refused never reached the broker.
    const { rows: unjudged } = await db.pool.query(
      `SELECT o.client_order_id FROM orders o LEFT JOIN risk_approvals a ON a.client_order_id = o.client_order_id
        WHERE o.deployment_id = $1 AND a.client_order_id IS NULL`,
      [id],
    );
    expect(unjudged).toEqual([]);
    // Every broker order came from one of the deployment's signals, one order per signal.
    const { rows: perSignal } = await db.pool.query(
      `SELECT s.signal_key, count(o.id)::int AS orders FROM signals s LEFT JOIN orders o ON o.signal_id = s.id
        WHERE s.deployment_id = $1 AND s.status <> 'rejected' GROUP BY s.signal_key HAVING count(o.id) <> 1`,
      [id],
    );
    expect(perSignal).toEqual([]);
  }, 240_000);
});
