// The ledger and Dhan when the database goes away, and with two daemons reconciling one account:
// a fill that arrives on the socket while PostgreSQL cannot be reached is not lost — the passes
// that fail meanwhile are owed, and the first one after the database returns books it; and two
// daemons' passes healing the same missed fills book each trade once. Orders are counted at the
// (fake) broker and the ledger's positions end equal to the broker's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDhanBrokerLink } from '../../daemon/src/broker/dhan';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { startAccountSync } from '../../daemon/src/trading/reconcile/account-sync';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { dhanClientFor, eventually } from '../support/dhan';
import { testLogger } from '../support/logger';
import { startTcpProxy, viaProxy, type TcpProxy } from '../support/tcp-proxy';
import { brokerPositions, dhanRig, ledgerPositions, ordersAtBroker, type DhanRig } from './support/dhan-rig';

let db: TestDatabase;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => db?.drop());

const orderOf = async (clientOrderId: string) =>
  (
    await db.pool.query<{ status: string; filled_qty: string }>(
      'SELECT status, filled_qty FROM orders WHERE client_order_id = $1',
      [clientOrderId],
    )
  ).rows[0]!;

async function expectPositionsMatch(r: DhanRig) {
  await eventually(
    async () => JSON.stringify(await ledgerPositions(db.pool, r)) === JSON.stringify(brokerPositions(r)),
    15_000,
    'ledger positions equal to the broker',
  );
}

describe('the Dhan ledger path under a database outage and a second daemon', () => {
  it('a fill delivered while the database is cut is booked once it returns', async () => {
    const target = new URL(db.url);
    const proxy: TcpProxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const pool: Pool = createPool({ connectionString: viaProxy(db.url, proxy), log: testLogger(), max: 4 });
    pool.options.connectionTimeoutMillis = 1_000;
    cleanups.push(async () => {
      proxy.restore();
      await pool.end().catch(() => undefined);
      await proxy.close();
    });
    const r = await dhanRig(db.pool, { tradingPool: pool, reconcileIntervalMs: 200 });
    cleanups.push(() => r.close());
    await eventually(() => r.fake.orderUpdates.connections() === 1, 10_000, 'socket up');
    const input = r.order({ qty: 8 });
    expect((await r.ledger.submitAndSend(r.lease, input, r.link)).outcome).toBe('acknowledged');
    await eventually(async () => (await orderOf(input.clientOrderId)).status === 'open', 10_000, 'open');

    proxy.cut();
    const before = r.updatesSeen();
    r.fake.broker.fill(r.fake.broker.byCorrelation(input.clientOrderId)[0]!.orderId, 8, 100);
    await eventually(() => r.updatesSeen() > before, 10_000, 'fill message delivered');
    await r.link.idle(); // handed to the ledger, which could not write it
    const during = await orderOf(input.clientOrderId);
    expect([during.status, Number(during.filled_qty)]).toEqual(['open', 0]);

    proxy.restore();
    await eventually(
      async () => (await orderOf(input.clientOrderId)).status === 'filled',
      15_000,
      'booked after',
    );
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM fills f JOIN orders o ON o.id = f.order_id WHERE o.client_order_id = $1',
      [input.clientOrderId],
    );
    expect(rows[0]!.n).toBe(1);
    await expectPositionsMatch(r);
  });

  it("two daemons' passes heal the same missed fills: each trade booked once", async () => {
    const r = await dhanRig(db.pool);
    cleanups.push(() => r.close());
    await eventually(() => r.fake.orderUpdates.connections() === 1, 10_000, 'socket up');
    // The second daemon: its own client, link, ledger and loop on the same account.
    const client = dhanClientFor(r.fake, { token: () => r.token.current });
    const log = testLogger();
    const link = createDhanBrokerLink({ rest: client.rest, log });
    const ledger = createLedger({ pool: db.pool, log });
    const other = startAccountSync({
      deps: { pool: db.pool, ledger, log },
      ledger,
      link,
      account: { id: r.accountId, ownerId: r.ownerId },
      intervalMs: 60_000,
    });
    cleanups.push(async () => {
      await other.stop();
      client.close();
    });

    const inputs = [r.order({ qty: 6 }), r.order({ qty: 4, side: 'sell' }), r.order({ qty: 9 })];
    for (const i of inputs) await r.ledger.submitAndSend(r.lease, i, r.link);
    r.fake.orderUpdates.drop();
    for (const i of inputs) {
      const id = r.fake.broker.byCorrelation(i.clientOrderId)[0]!.orderId;
      r.fake.broker.fill(id, 1, 100);
      r.fake.broker.fill(id, undefined, 100);
    }
    const [a, b] = await Promise.all([r.sync.reconcile('request'), other.reconcile('request')]);
    expect(a.differences).toEqual([]);
    expect(b.differences).toEqual([]);
    for (const i of inputs) {
      expect(await orderOf(i.clientOrderId)).toMatchObject({ status: 'filled' });
      expect(ordersAtBroker(r, i.clientOrderId)).toEqual({ places: 1, orders: 1 });
    }
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM fills f JOIN orders o ON o.id = f.order_id WHERE o.broker_account_id = $1',
      [r.accountId],
    );
    expect(rows[0]!.n).toBe(r.fake.broker.trades().length);
    expect(rows[0]!.n).toBe(6);
    await expectPositionsMatch(r);
    expect(await ledgerPositions(db.pool, r)).toEqual({ [`${r.instrument.securityId}/INTRADAY`]: 11 });
  });
});
