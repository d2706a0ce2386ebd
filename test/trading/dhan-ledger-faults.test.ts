// The ledger sending to Dhan (the fake, which speaks Dhan's documented wire format) through the
// Dhan BrokerLink, with the order-update socket and the reconciliation loop — and the faults the
// network brings: a place that times out after the broker created the order, a dropped or absent
// update socket (fills healed by the poll), partial fills, rejections with the broker's reason, an
// expired token, and slicing above the freeze quantity. Every test counts the orders AT THE BROKER
// (never the client's account of them) and ends with the ledger's positions equal to the broker's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/dhan';
import { brokerPositions, dhanRig, ledgerPositions, ordersAtBroker, type DhanRig } from './support/dhan-rig';

let db: TestDatabase;
const rigs: DhanRig[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.close()));
});
afterAll(() => db?.drop());

async function rig(options: Parameters<typeof dhanRig>[1] = {}) {
  const r = await dhanRig(db.pool, options);
  rigs.push(r);
  if (r.stream)
    await eventually(() => r.fake.orderUpdates.connections() === 1, 10_000, 'order-update socket up');
  // The start pass done first: on a loaded machine it could otherwise run late and be the pass
  // that heals what a test means a reconnect or the periodic pass to heal.
  await eventually(() => r.sync.last() !== undefined, 10_000, 'start pass');
  return r;
}

const statusOf = async (r: DhanRig, clientOrderId: string) => (await r.ledger.order({ clientOrderId }))!;

async function eventsOf(clientOrderId: string) {
  const { rows } = await db.pool.query<{ kind: string; status: string; source: string; payload: unknown }>(
    `SELECT e.kind, e.status, e.source, e.payload FROM order_events e JOIN orders o ON o.id = e.order_id
      WHERE o.client_order_id = $1 ORDER BY e.id`,
    [clientOrderId],
  );
  return rows;
}

async function expectPositionsMatch(r: DhanRig) {
  await eventually(
    async () => JSON.stringify(await ledgerPositions(db.pool, r)) === JSON.stringify(brokerPositions(r)),
    10_000,
    'ledger positions equal to the broker',
  );
  expect(await ledgerPositions(db.pool, r)).toEqual(brokerPositions(r));
}

describe('the ledger through the Dhan link', () => {
  it('places with correlationId = client order id; the socket brings partial fills, each booked once', async () => {
    const r = await rig();
    const input = r.order({ qty: 10 });
    const sent = await r.ledger.submitAndSend(r.lease, input, r.link);
    expect(sent.outcome).toBe('acknowledged');
    const [atBroker] = r.fake.broker.byCorrelation(input.clientOrderId);
    expect(atBroker).toMatchObject({ correlationId: input.clientOrderId, quantity: 10, price: 100 });
    expect(sent.order.brokerOrderId).toBe(atBroker!.orderId);

    r.fake.broker.fill(atBroker!.orderId, 4, 99.5);
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).filledQty === 4,
      10_000,
      'first fill',
    );
    expect((await statusOf(r, input.clientOrderId)).status).toBe('partially_filled');
    r.fake.broker.fill(atBroker!.orderId, 6, 100);
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).status === 'filled',
      10_000,
      'filled',
    );

    const { rows: fills } = await db.pool.query<{ qty: string; price: string; broker_trade_id: string }>(
      `SELECT f.qty, f.price, f.broker_trade_id FROM fills f JOIN orders o ON o.id = f.order_id
        WHERE o.client_order_id = $1 ORDER BY f.id`,
      [input.clientOrderId],
    );
    expect(fills.map((f) => [Number(f.qty), Number(f.price)])).toEqual([
      [4, 99.5],
      [6, 100],
    ]);
    expect(fills.map((f) => f.broker_trade_id)).toEqual(r.fake.broker.trades().map((t) => t.exchangeTradeId));
    // Every socket message is stored raw with the status it moved the order to.
    const events = await eventsOf(input.clientOrderId);
    expect(events.filter((e) => e.kind === 'fill')).toHaveLength(2);
    expect(events.filter((e) => e.source === 'broker').length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(events.map((e) => e.payload))).toContain('order_alert');
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
    expect(await ledgerPositions(db.pool, r)).toEqual({ [`${r.instrument.securityId}/INTRADAY`]: 10 });
  });

  it('a place answered after the client gave up (the order was created): found by correlationId, never resent', async () => {
    const r = await rig();
    r.fake.faults.add('POST /orders', { kind: 'delay', ms: 1500 });
    const input = r.order();
    const sent = await r.ledger.submitAndSend(r.lease, input, r.link);
    expect(sent.outcome).toBe('acknowledged');
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    r.fake.broker.fill(r.fake.broker.byCorrelation(input.clientOrderId)[0]!.orderId);
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).status === 'filled',
      10_000,
      'filled',
    );
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
  });

  it('a place whose outcome stays unknown (lookups fail too) stays sent; reconciliation finds it, nothing is resent', async () => {
    const r = await rig({ socket: false });
    r.fake.faults.add('POST /orders', { kind: 'status', status: 500, act: true });
    r.fake.faults.add('GET /orders/external/*', { kind: 'status', status: 503 }, 100);
    r.fake.faults.add('GET /orders', { kind: 'status', status: 503 }, 100);
    const input = r.order();
    const sent = await r.ledger.submitAndSend(r.lease, input, r.link);
    expect(sent.outcome).toBe('unknown');
    expect((await statusOf(r, input.clientOrderId)).status).toBe('sent');
    r.fake.faults.clear();
    r.fake.broker.fill(r.fake.broker.byCorrelation(input.clientOrderId)[0]!.orderId, 10, 100);

    const report = await r.sync.reconcile('request');
    expect(report.fills).toBe(1);
    expect(report.differences).toEqual([]);
    const order = await statusOf(r, input.clientOrderId);
    expect(order).toMatchObject({
      status: 'filled',
      filledQty: 10,
      brokerOrderId: r.fake.broker.byCorrelation(input.clientOrderId)[0]!.orderId,
    });
    // The ledger's recovery pass agrees and sends nothing either.
    await r.ledger.recover(r.link, { brokerAccountId: r.accountId, deploymentId: r.deploymentId }, r.lease);
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
  });

  it('a dropped order-update socket: fills made while it was down are healed by the pass after the reconnect', async () => {
    const r = await rig();
    const inputs = [r.order(), r.order(), r.order({ side: 'sell', qty: 5 })];
    for (const i of inputs)
      expect((await r.ledger.submitAndSend(r.lease, i, r.link)).outcome).toBe('acknowledged');
    const [a, b, c] = inputs.map((i) => r.fake.broker.byCorrelation(i.clientOrderId)[0]!.orderId);
    await eventually(
      async () => (await statusOf(r, inputs[2]!.clientOrderId)).status === 'open',
      10_000,
      'acks',
    );
    const passes = r.sync.last()?.at ?? 0;

    r.fake.orderUpdates.drop();
    r.fake.broker.fill(a!, 10, 101);
    r.fake.broker.fill(b!, 3, 100);
    r.fake.broker.fill(c!, 5, 102);

    await eventually(
      async () => (r.sync.last()?.at ?? 0) > passes && r.sync.last()!.trigger === 'reconnect',
      10_000,
      'reconnect pass',
    );
    await eventually(
      async () => (await statusOf(r, inputs[0]!.clientOrderId)).status === 'filled',
      10_000,
      'a healed',
    );
    expect(await statusOf(r, inputs[1]!.clientOrderId)).toMatchObject({
      status: 'partially_filled',
      filledQty: 3,
    });
    expect(await statusOf(r, inputs[2]!.clientOrderId)).toMatchObject({ status: 'filled', filledQty: 5 });
    const healed = await eventsOf(inputs[0]!.clientOrderId);
    expect(healed.some((e) => e.kind === 'fill' && e.source === 'recovery')).toBe(true);
    for (const i of inputs) expect(ordersAtBroker(r, i.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
    expect(await ledgerPositions(db.pool, r)).toEqual({ [`${r.instrument.securityId}/INTRADAY`]: 8 });
  });

  it('no update socket at all: the periodic pass books fills while orders are open', async () => {
    const r = await rig({ socket: false, reconcileIntervalMs: 100 });
    // The start pass runs on its own; on a loaded machine it can still be reading the broker when
    // the fills arrive and book them itself. Let it finish so only the periodic pass can book them.
    await eventually(async () => r.sync.last() !== undefined, 10_000, 'start pass');
    const input = r.order({ qty: 20 });
    await r.ledger.submitAndSend(r.lease, input, r.link);
    const id = r.fake.broker.byCorrelation(input.clientOrderId)[0]!.orderId;
    r.fake.broker.fill(id, 5, 100);
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).filledQty === 5,
      10_000,
      'partial by poll',
    );
    r.fake.broker.fill(id, 15, 100);
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).status === 'filled',
      10_000,
      'filled by poll',
    );
    // No socket, so no reconnect pass: the periodic passes (or the start pass, when a loaded
    // machine delays it past the fills) booked them.
    expect(['start', 'interval']).toContain(r.sync.last()?.trigger);
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
  });

  it('rejections: on arrival and later, with the broker reason; nothing booked', async () => {
    const r = await rig({
      fake: { rejectReason: (b) => (b.quantity === 7 ? 'RMS:Margin Exceeds for 7' : undefined) },
    });
    const onArrival = r.order({ qty: 7 });
    const sent = await r.ledger.submitAndSend(r.lease, onArrival, r.link);
    expect(sent.outcome).toBe('rejected');
    expect(await statusOf(r, onArrival.clientOrderId)).toMatchObject({ status: 'rejected' });
    await eventually(
      async () => /Margin Exceeds for 7/.test((await statusOf(r, onArrival.clientOrderId)).reason ?? ''),
      10_000,
      'rejection reason',
    );

    const later = r.order();
    await r.ledger.submitAndSend(r.lease, later, r.link);
    r.fake.broker.end(
      r.fake.broker.byCorrelation(later.clientOrderId)[0]!.orderId,
      'REJECTED',
      'RMS:Price out of band',
    );
    await eventually(
      async () => (await statusOf(r, later.clientOrderId)).status === 'rejected',
      10_000,
      'rejected later',
    );
    expect((await statusOf(r, later.clientOrderId)).reason).toMatch(/Price out of band/);
    for (const i of [onArrival, later])
      expect(ordersAtBroker(r, i.clientOrderId)).toEqual({ places: 1, orders: 1 });
    expect((await r.sync.reconcile('request')).differences).toEqual([]);
    await expectPositionsMatch(r);
    expect(await ledgerPositions(db.pool, r)).toEqual({});
  });

  it('an expired token: the order is closed unsent with the reason; a new token sends the next one', async () => {
    const r = await rig();
    r.fake.expireToken(r.token.current);
    const refused = r.order();
    const sent = await r.ledger.submitAndSend(r.lease, refused, r.link);
    expect(sent.outcome).toBe('rejected');
    const closed = await statusOf(r, refused.clientOrderId);
    expect(['rejected', 'cancelled']).toContain(closed.status);
    expect(closed.reason).toMatch(/not sent/);
    expect(ordersAtBroker(r, refused.clientOrderId)).toEqual({ places: 0, orders: 0 });

    r.token.current = r.fake.tokens.issue(r.fake.clientId);
    const next = r.order();
    expect((await r.ledger.submitAndSend(r.lease, next, r.link)).outcome).toBe('acknowledged');
    r.fake.broker.fill(r.fake.broker.byCorrelation(next.clientOrderId)[0]!.orderId);
    await eventually(
      async () => (await statusOf(r, next.clientOrderId)).status === 'filled',
      10_000,
      'filled',
    );
    expect(ordersAtBroker(r, next.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
  });

  it('above the freeze quantity: one ledger order, sliced at the broker, every slice booked and cancelled', async () => {
    const r = await rig({ freezeQty: 1800 });
    const big = r.order({ qty: 4000 });
    const sent = await r.ledger.submitAndSend(r.lease, big, r.link);
    expect(sent.outcome).toBe('acknowledged');
    const slices = r.fake.broker.byCorrelation(big.clientOrderId);
    expect(slices.map((s) => s.quantity)).toEqual([1800, 1800, 400]);
    expect(ordersAtBroker(r, big.clientOrderId)).toEqual({ places: 1, orders: 3 });

    r.fake.broker.fill(slices[0]!.orderId, 1800, 100);
    r.fake.broker.fill(slices[2]!.orderId, 100, 100);
    await eventually(
      async () => (await statusOf(r, big.clientOrderId)).filledQty === 1900,
      10_000,
      'slices booked',
    );
    expect(await statusOf(r, big.clientOrderId)).toMatchObject({ status: 'partially_filled', qty: 4000 });

    const order = await statusOf(r, big.clientOrderId);
    await r.ledger.cancel(r.lease, order.id, 'operator', r.link);
    await eventually(
      () => slices.every((s) => r.fake.broker.isTerminal(r.fake.broker.order(s.orderId)!)),
      10_000,
      'every working slice cancelled',
    );
    await eventually(
      async () => (await statusOf(r, big.clientOrderId)).status === 'cancelled',
      10_000,
      'ledger cancelled',
    );
    expect((await statusOf(r, big.clientOrderId)).filledQty).toBe(1900);
    expect((await r.sync.reconcile('request')).differences).toEqual([]);
    expect(ordersAtBroker(r, big.clientOrderId)).toEqual({ places: 1, orders: 3 });
    await expectPositionsMatch(r);
  });
  it('a modification at the broker and the end of the session reach the ledger as events of their own', async () => {
    const r = await rig();
    const input = r.order({ qty: 10, limitPrice: 100 });
    const sent = await r.ledger.submitAndSend(r.lease, input, r.link);
    await r.link.modify(sent.order.brokerOrderId!, { limitPrice: 101.5, qty: 12 });
    await eventually(
      async () => Number((await statusOf(r, input.clientOrderId)).limitPrice) === 101.5,
      10_000,
      'modified price',
    );
    expect((await statusOf(r, input.clientOrderId)).qty).toBe(12);
    expect((await eventsOf(input.clientOrderId)).some((e) => e.kind === 'modified')).toBe(true);
    r.fake.broker.fill(sent.order.brokerOrderId!, 5, 101.5);
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).filledQty === 5,
      10_000,
      'part filled',
    );
    r.fake.broker.expireDay();
    await eventually(
      async () => (await statusOf(r, input.clientOrderId)).status === 'expired',
      10_000,
      'expired',
    );
    expect(ordersAtBroker(r, input.clientOrderId)).toEqual({ places: 1, orders: 1 });
    await expectPositionsMatch(r);
    expect(await ledgerPositions(db.pool, r)).toEqual({ [`${r.instrument.securityId}/INTRADAY`]: 5 });
  });
});
