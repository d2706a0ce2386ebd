// The order ledger against a real PostgreSQL and the real paper venue: the outbox (committed
// before sent), idempotent updates, the lifecycle (ack, fills, rejections, cancels), fencing and
// a lost database connection, append-only events and row-level security.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError, type BrokerLink, type BrokerOrderUpdate } from '../../daemon/src/broker/broker-link';
import { createPool } from '../../daemon/src/db/pool';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { startTcpProxy, viaProxy } from '../support/tcp-proxy';
import { buildEodReport, saveEodReport } from '../../daemon/src/trading/ledger/eod-report';
import { deploymentBook, listOrders, orderEvents } from '../../daemon/src/trading/ledger/ledger-reads';
import { reconcileOrders } from '../../daemon/src/trading/ledger/reconcile';
import { placeRequest } from '../../daemon/src/trading/ledger/send-order';
import { ledgerRig, tickOf } from './support/ledger-setup';
import { refOf } from './support/paper';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const venueCount = async (accountId: number) =>
  (
    await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM paper_orders WHERE broker_account_id = $1',
      [accountId],
    )
  ).rows[0]!.n;

const events = async (orderId: number) =>
  (
    await db.pool.query<{ kind: string; status: string; event_key: string }>(
      'SELECT kind, status, event_key FROM order_events WHERE order_id = $1 ORDER BY id',
      [orderId],
    )
  ).rows;

describe('the outbox', () => {
  it('commits the order (and its signal) before the venue sees it, for every order', async () => {
    const rig = await ledgerRig(db.pool);
    const seenAtPlace: string[] = [];
    // The venue, observed: at the moment place() is called, the ledger row must be committed
    // (visible to another connection) and already marked sent.
    const observed: BrokerLink = Object.create(rig.venue, {
      place: {
        value: async (request: Parameters<BrokerLink['place']>[0]) => {
          const { rows } = await db.pool.query('SELECT status FROM orders WHERE client_order_id = $1', [
            request.clientOrderId,
          ]);
          seenAtPlace.push(rows[0]?.status ?? 'missing');
          return rig.venue.place(request);
        },
      },
    });
    for (let k = 0; k < 10; k++) await rig.ledger.submitAndSend(rig.lease, rig.order(), observed);
    expect(seenAtPlace).toEqual(Array(10).fill('sent'));
    const { rows } = await db.pool.query(
      `SELECT s.status FROM signals s JOIN orders o ON o.signal_id = s.id WHERE o.deployment_id = $1`,
      [rig.deploymentId],
    );
    expect(rows.map((r) => r.status)).toEqual(Array(10).fill('accepted'));
  });

  it('returns the existing order for a repeated signal and sends nothing more', async () => {
    const rig = await ledgerRig(db.pool);
    const input = rig.order();
    const first = await rig.ledger.submitAndSend(rig.lease, input, rig.venue);
    const again = await rig.ledger.submitAndSend(
      rig.lease,
      { ...input, clientOrderId: 'other-id-1' },
      rig.venue,
    );
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.outcome).toBe('not_new');
    expect(again.order.id).toBe(first.order.id);
    expect(await venueCount(rig.brokerAccountId)).toBe(1);
  });

  it('refuses a write under a stale lease, so a superseded daemon sends nothing', async () => {
    const rig = await ledgerRig(db.pool);
    const { order } = await rig.ledger.submit(rig.lease, rig.order());
    await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    const next = (await acquireLease(db.pool, {
      deploymentId: rig.deploymentId,
      holder: 'other-daemon',
      ttlMs: 60_000,
    }))!;
    await expect(rig.ledger.send(rig.lease, order.id, rig.venue)).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
    await expect(rig.ledger.submit(rig.lease, rig.order())).rejects.toMatchObject({ code: 'LEASE_LOST' });
    expect(await venueCount(rig.brokerAccountId)).toBe(0);
    expect((await rig.ledger.order({ id: order.id }))!.status).toBe('new');
    // The new holder may send it.
    expect((await rig.ledger.send(next, order.id, rig.venue)).outcome).toBe('acknowledged');
    expect(await venueCount(rig.brokerAccountId)).toBe(1);
  });

  it('sends nothing once its database connection is gone', async () => {
    const rig = await ledgerRig(db.pool);
    const u = new URL(db.url);
    const proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port) });
    const pool = createPool({ connectionString: viaProxy(db.url, proxy), log: testLogger(), max: 2 });
    pool.options.connectionTimeoutMillis = 1_000;
    try {
      const ledger = createLedger({ pool, log: testLogger() });
      const { order } = await ledger.submit(rig.lease, rig.order());
      proxy.cut();
      await expect(ledger.send(rig.lease, order.id, rig.venue)).rejects.toThrow();
      await expect(ledger.submitAndSend(rig.lease, rig.order(), rig.venue)).rejects.toThrow();
      expect(await venueCount(rig.brokerAccountId)).toBe(0);
      expect((await rig.ledger.order({ id: order.id }))!.status).toBe('new');
      // The database comes back: the same ledger sends the order it could not, once.
      proxy.restore();
      expect((await ledger.send(rig.lease, order.id, rig.venue)).outcome).toBe('acknowledged');
      expect(await venueCount(rig.brokerAccountId)).toBe(1);
    } finally {
      await pool.end().catch(() => undefined);
      await proxy.close();
    }
  });
});

describe('the order lifecycle', () => {
  it('books an acknowledged order, its fill, charges and position, with every event stored once', async () => {
    const rig = await ledgerRig(db.pool);
    const sent = await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 10 }), rig.venue);
    expect(sent.outcome).toBe('acknowledged');
    expect(sent.order.status).toBe('open');
    expect(sent.order.brokerOrderId).toMatch(/^P\d+$/);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 1234.55));
    const order = (await rig.ledger.order({ id: sent.order.id }))!;
    expect(order).toMatchObject({
      status: 'filled',
      filledQty: 10,
      filledValue: '12345.50',
      avgFillPrice: '1234.5500',
    });
    expect(Number(order.costs)).toBeGreaterThan(0);
    expect((await events(order.id)).map((e) => e.kind)).toEqual(['created', 'sent', 'acknowledged', 'fill']);
    const { rows: fills } = await db.pool.query(
      `SELECT qty, price::text, value::text, costs::text, brokerage + stt + exchange + sebi + ipft + stamp + gst + dp AS parts
         FROM fills WHERE order_id = $1`,
      [order.id],
    );
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ qty: 10, price: '1234.5500', value: '12345.50' });
    expect(fills[0].parts).toBe(fills[0].costs);
    const { rows: pos } = await db.pool.query(
      'SELECT net_qty, cost_basis::text, avg_price::text FROM positions WHERE deployment_id = $1',
      [rig.deploymentId],
    );
    expect(pos).toEqual([{ net_qty: 10, cost_basis: '12345.50', avg_price: '1234.5500' }]);
  });

  it('applies a repeated or replayed update once', async () => {
    const rig = await ledgerRig(db.pool);
    const captured: BrokerOrderUpdate[] = [];
    rig.venue.subscribe((u) => void captured.push(u));
    const sent = await rig.ledger.submitAndSend(rig.lease, rig.order(), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 500));
    const before = await events(sent.order.id);
    for (const u of [...captured, ...captured.reverse()]) {
      const outcome = await rig.ledger.apply(u);
      expect(outcome.applied).toBe(false);
    }
    expect(await events(sent.order.id)).toEqual(before);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM fills WHERE order_id = $1', [
      sent.order.id,
    ]);
    expect(rows[0].n).toBe(1);
    const { rows: pos } = await db.pool.query('SELECT net_qty FROM positions WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    expect(pos[0].net_qty).toBe(10);
  });

  it('refuses a trade that would fill an order beyond its quantity and books none of it', async () => {
    const rig = await ledgerRig(db.pool);
    const captured: BrokerOrderUpdate[] = [];
    rig.venue.subscribe((u) => void captured.push(u));
    const sent = await rig.ledger.submitAndSend(rig.lease, rig.order(), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 500));
    const fill = captured.find((u) => u.kind === 'fill');
    if (fill?.kind !== 'fill') throw new Error('the venue reported no fill');
    const book = async () => ({
      events: await events(sent.order.id),
      fills: (await db.pool.query('SELECT id, qty FROM fills WHERE order_id = $1', [sent.order.id])).rows,
      position: (
        await db.pool.query(
          'SELECT net_qty, cost_basis::text, buy_qty, day_buy_qty, costs::text FROM positions WHERE deployment_id = $1',
          [rig.deploymentId],
        )
      ).rows,
      order: await rig.ledger.order({ id: sent.order.id }),
    });
    const before = await book();
    const extra = { ...fill, trade: { ...fill.trade, tradeId: `${fill.trade.tradeId}-extra`, qty: 1 } };
    await expect(rig.ledger.apply(extra)).rejects.toMatchObject({ code: 'INVARIANT_BROKEN' });
    expect(await book()).toEqual(before);
    // The booked trade delivered again is still a plain repeat.
    expect(await rig.ledger.apply(fill)).toMatchObject({ applied: false, reason: 'duplicate' });
    expect(await book()).toEqual(before);
  });

  it('ignores a fill of an order it does not hold and creates no position for it', async () => {
    const rig = await ledgerRig(db.pool);
    const captured: BrokerOrderUpdate[] = [];
    rig.venue.subscribe((u) => void captured.push(u));
    await rig.ledger.submitAndSend(rig.lease, rig.order(), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 500));
    const fill = captured.find((u) => u.kind === 'fill')!;
    const stranger = { ...fill, order: { ...fill.order, clientOrderId: 'not-ours-1' } };
    const positions = async () =>
      (await db.pool.query('SELECT count(*)::int AS n FROM positions')).rows[0].n as number;
    const count = await positions();
    expect(await rig.ledger.apply(stranger)).toEqual({
      applied: false,
      reason: 'unknown_order',
      clientOrderId: 'not-ours-1',
    });
    expect(await positions()).toBe(count);
    // An id that is not even of our pattern takes the parameterised path, with the same answer.
    const odd = { ...fill, order: { ...fill.order, clientOrderId: "x' OR '1'='1" } };
    expect(await rig.ledger.apply(odd)).toMatchObject({ applied: false, reason: 'unknown_order' });
    expect(await positions()).toBe(count);
  });

  it('closes an order the venue rejects, naming the broker and its reason', async () => {
    const rig = await ledgerRig(db.pool, { capital: 1_000 });
    const sent = await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 100 }), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 500));
    expect(await rig.ledger.order({ id: sent.order.id })).toMatchObject({
      status: 'rejected',
      endSource: 'broker',
      reason: 'insufficient_cash',
      brokerStatus: 'REJECTED',
    });
    // A request the venue refuses outright (no order there) is closed on the spot.
    const refused: BrokerLink = Object.create(rig.venue, {
      place: {
        value: async () =>
          Promise.reject(new BrokerError('rejected', 'DH-905 Input_Exception: bad quantity')),
      },
    });
    const out = await rig.ledger.submitAndSend(rig.lease, rig.order(), refused);
    expect(out.outcome).toBe('rejected');
    expect(out.order).toMatchObject({
      status: 'rejected',
      endSource: 'broker',
      reason: 'DH-905 Input_Exception: bad quantity',
    });
  });

  it('credits a cancellation to whoever asked, and closes an unsent order without sending it', async () => {
    const rig = await ledgerRig(db.pool);
    const sent = await rig.ledger.submitAndSend(
      rig.lease,
      rig.order({ orderType: 'LIMIT', limitPrice: 1 }),
      rig.venue,
    );
    await rig.ledger.cancel(rig.lease, sent.order.id, 'strategy', rig.venue);
    expect(await rig.ledger.order({ id: sent.order.id })).toMatchObject({
      status: 'cancelled',
      endSource: 'strategy',
    });
    const { order } = await rig.ledger.submit(rig.lease, rig.order());
    const closed = await rig.ledger.cancel(rig.lease, order.id, 'operator', rig.venue);
    expect(closed.sentToVenue).toBe(false);
    expect(closed.order).toMatchObject({ status: 'cancelled', endSource: 'operator' });
    expect((await rig.ledger.send(rig.lease, order.id, rig.venue)).outcome).toBe('not_new');
    expect(await venueCount(rig.brokerAccountId)).toBe(1);
  });

  it('keeps order events append-only', async () => {
    const rig = await ledgerRig(db.pool);
    const { order } = await rig.ledger.submit(rig.lease, rig.order());
    await expect(
      db.pool.query(`UPDATE order_events SET payload = '{}' WHERE order_id = $1`, [order.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM order_events WHERE order_id = $1', [order.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('names what is wrong with a bad order and writes nothing', async () => {
    const rig = await ledgerRig(db.pool);
    await expect(
      rig.ledger.submit(
        rig.lease,
        rig.order({ clientOrderId: 'bad id!', qty: 0, orderType: 'LIMIT', costModel: 'gold' }),
      ),
    ).rejects.toThrow(/clientOrderId: got "bad id!".*qty: got 0.*limitPrice: got missing/);
    await expect(rig.ledger.submit(rig.lease, rig.order({ costModel: 'gold' }))).rejects.toThrow(
      /costModel: got "gold"/,
    );
    await expect(rig.ledger.submit(rig.lease, rig.order({ instrumentId: 999_999 }))).rejects.toThrow(
      /instrumentId: got 999999/,
    );
    await expect(rig.ledger.submit(null, rig.order())).rejects.toThrow(/fence/);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    expect(rows[0].n).toBe(0);
  });
});

describe('reads and reconciliation', () => {
  it("gives the runner a deployment's book and reports orders at the venue the ledger never sent", async () => {
    const rig = await ledgerRig(db.pool);
    const filled = await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 4 }), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 250));
    const working = await rig.ledger.submitAndSend(
      rig.lease,
      rig.order({ orderType: 'LIMIT', limitPrice: 1 }),
      rig.venue,
    );
    const book = await deploymentBook(db.pool, rig.deploymentId);
    expect(book.positions.map((p) => p.netQty)).toEqual([4]);
    expect(book.openOrders.map((o) => o.id)).toEqual([working.order.id]);
    const costs = (await rig.ledger.order({ id: filled.order.id }))!.costs;
    expect(Number(book.cashFlow)).toBeCloseTo(-1000 - Number(costs), 6);
    expect((await orderEvents(db.pool, filled.order.id)).map((e) => e.source)).toEqual([
      'ledger',
      'ledger',
      'broker',
      'broker',
    ]);
    expect(
      (await listOrders(db.pool, { deploymentId: rig.deploymentId, statuses: ['filled'] })).map((o) => o.id),
    ).toEqual([filled.order.id]);

    expect(await reconcileOrders(db.pool, rig.venue, rig.brokerAccountId)).toMatchObject({
      matched: 2,
      venueOnly: [],
      ledgerOnly: [],
      mismatched: [],
    });
    await rig.venue.place({
      ...placeRequest(working.order, refOf(rig.instrument)),
      clientOrderId: 'around-the-outbox',
    });
    const after = await reconcileOrders(db.pool, rig.venue, rig.brokerAccountId);
    expect(after.venueOnly.map((o) => o.clientOrderId)).toEqual(['around-the-outbox']);
  });
});

describe('row-level security', () => {
  it('shows a user only their own orders, events, fills, positions and paper books', async () => {
    const a = await ledgerRig(db.pool);
    const b = await ledgerRig(db.pool);
    for (const rig of [a, b]) {
      await rig.ledger.submitAndSend(rig.lease, rig.order(), rig.venue);
      await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 100));
    }
    for (const rig of [a, b])
      await saveEodReport(db.pool, await buildEodReport(db.pool, rig.deploymentId, '2025-01-06'));
    const tables = [
      'orders',
      'order_events',
      'fills',
      'positions',
      'signals',
      'leases',
      'eod_reports',
      'paper_orders',
      'paper_trades',
      'paper_positions',
      'paper_accounts',
    ];
    const seen = await withUserScope(db.pool, { userId: a.ownerId, role: 'operator' }, async (client) => {
      const out: Record<string, number[]> = {};
      for (const t of tables)
        out[t] = (await client.query(`SELECT DISTINCT owner_id FROM ${t}`)).rows.map((r) => r.owner_id);
      return out;
    });
    for (const t of tables) expect(seen[t], t).toEqual([a.ownerId]);
    await expect(
      withUserScope(db.pool, { userId: a.ownerId, role: 'operator' }, (c) =>
        c.query(`UPDATE order_events SET kind = 'fill'`),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
