// The order-update socket against the fake Dhan: login, every kind of change as a domain update
// with the raw message kept, and — when the socket drops while the broker fills orders — no update
// lost: the reconnect triggers reconciliation from the order book, which brings a stand-in ledger
// (the real one comes with the trading spine) to exactly the broker's state.
import { afterEach, describe, expect, it } from 'vitest';
import { createOrderUpdateStream, type OrderUpdateStream } from '../../daemon/src/broker/dhan';
import type { DhanOrderUpdate } from '../../daemon/src/broker/dhan/dhan-order-update';
import { createDhanBrokerLink } from '../../daemon/src/broker/dhan';
import { reconcile, type LedgerOrderView } from '../../daemon/src/broker/reconciliation';
import { testLogger } from '../support/logger';
import { clientOrderId, dhanClientFor, eventually, LIMIT_BUY, useFakeDhan } from '../support/dhan';

const fake = useFakeDhan();
const streams: OrderUpdateStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.stop()));
});

function stream(onUpdate: (u: DhanOrderUpdate) => void, onReconnected?: () => void) {
  const s = createOrderUpdateStream({
    url: fake.current.orderUpdateUrl,
    credentials: () => ({ clientId: fake.current.clientId, accessToken: fake.current.token }),
    onUpdate,
    onReconnected,
    socket: { backoffBaseMs: 50, backoffMaxMs: 200, pingIntervalMs: 200 },
  });
  streams.push(s);
  s.start();
  return s;
}

describe('Dhan order updates', () => {
  it('logs in and reports place, partial fill, fill, cancel and rejection with reasons and raw messages', async () => {
    const updates: DhanOrderUpdate[] = [];
    stream((u) => updates.push(u));
    await eventually(() => fake.current.orderUpdates.connections() === 1, 5000, 'logged in');
    const client = dhanClientFor(fake.current);
    const id = clientOrderId('u');
    const ack = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id });
    fake.current.broker.fill(ack.brokerOrderId, 4, 3999.5);
    fake.current.broker.fill(ack.brokerOrderId, 6, 4000);
    const other = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId('c') });
    await client.rest.cancelOrder(other.brokerOrderId);
    const third = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId('r') });
    fake.current.broker.end(third.brokerOrderId, 'REJECTED', 'RMS:Margin Exceeds');
    await eventually(
      () => updates.some((u) => u.brokerOrderId === third.brokerOrderId && u.status === 'rejected'),
      5000,
      'all updates',
    );
    client.close();

    const mine = updates.filter((u) => u.brokerOrderId === ack.brokerOrderId);
    expect(mine.map((u) => [u.status, u.filledQty, u.lastFillPrice])).toEqual([
      ['open', 0, undefined],
      ['open', 0, undefined],
      ['partially_filled', 4, 3999.5],
      ['filled', 10, 4000],
    ]);
    expect(mine[3]).toMatchObject({
      clientOrderId: id,
      side: 'buy',
      segment: 'NSE_EQ',
      product: 'INTRADAY',
      quantity: 10,
      remainingQty: 0,
      brokerStatus: 'TRADED',
      afterMarket: false,
      source: 'P',
    });
    expect(mine[3]!.averagePrice).toBeCloseTo(3999.8, 6);
    expect(mine[3]!.raw).toMatchObject({
      Type: 'order_alert',
      Data: { OrderNo: ack.brokerOrderId, Status: 'Traded' },
    });
    expect(
      updates.find((u) => u.brokerOrderId === other.brokerOrderId && u.status === 'cancelled'),
    ).toMatchObject({ brokerStatus: 'CANCELLED' });
    expect(
      updates.find((u) => u.brokerOrderId === third.brokerOrderId && u.status === 'rejected'),
    ).toMatchObject({ reason: 'RMS:Margin Exceeds' });
  });

  it('a dropped socket loses no update: the reconnect reconciles from the order book', async () => {
    // The stand-in ledger: what a consumer of updates and reconciliation knows (the real ledger
    // is driven the same way in test/trading/dhan-ledger-faults.test.ts).
    const ledger = new Map<string, LedgerOrderView & { fills: Map<string, number> }>();
    let reconnected = 0;
    const apply = (u: DhanOrderUpdate) => {
      const o = [...ledger.values()].find((x) => x.brokerOrderId === u.brokerOrderId);
      if (o) Object.assign(o, { status: u.status, filledQty: u.filledQty });
    };
    stream(apply, () => reconnected++);
    await eventually(() => fake.current.orderUpdates.connections() === 1, 5000, 'logged in');
    const client = dhanClientFor(fake.current);
    const link = createDhanBrokerLink({ rest: client.rest, log: testLogger() });
    const ids = [clientOrderId('a'), clientOrderId('b'), clientOrderId('c')];
    for (const id of ids) {
      const ack = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id });
      ledger.set(id, {
        clientOrderId: id,
        brokerOrderId: ack.brokerOrderId,
        status: 'open',
        qty: 10,
        filledQty: 0,
        reopenable: false,
        sentDay: null,
        fills: new Map(),
      });
    }
    // The socket drops; meanwhile the broker fills, partly fills and cancels.
    fake.current.orderUpdates.drop();
    const [a, b, c] = ids.map((id) => ledger.get(id)!.brokerOrderId!);
    fake.current.broker.fill(a!, 10, 4001);
    fake.current.broker.fill(b!, 3, 4002);
    fake.current.broker.end(c!, 'CANCELLED');
    expect([...ledger.values()].map((o) => o.status)).toEqual(['open', 'open', 'open']);

    await eventually(
      () => reconnected > 0 && fake.current.orderUpdates.connections() === 1,
      5000,
      'reconnected',
    );
    const mine = {
      orders: (await link.orders()).filter((o) => ids.includes(o.clientOrderId)),
      trades: (await link.trades()).filter((t) => ids.includes(t.clientOrderId)),
      positions: [],
    };
    const today = { fills: [], positions: [], today: '2025-01-06' };
    const result = reconcile(mine, { ...today, orders: [...ledger.values()] });
    for (const u of result.updates) {
      const o = ledger.get(u.order.clientOrderId)!;
      if (u.kind === 'fill') o.fills.set(u.trade.tradeId, u.trade.qty);
      else Object.assign(o, { status: u.order.status, filledQty: u.order.filledQty });
    }
    // This fake is shared by the file's tests, so its positions hold other tests' fills too (and
    // none were passed in): positions are compared in test/trading/dhan-ledger-faults.test.ts,
    // where every test has a broker of its own. Here: no order-level difference.
    expect(result.differences.filter((d) => d.kind !== 'position_mismatch')).toEqual([]);
    expect(
      [...ledger.values()].map((o) => [
        o.status,
        o.filledQty,
        [...o.fills.values()].reduce((x, y) => x + y, 0),
      ]),
    ).toEqual([
      ['filled', 10, 10],
      ['partially_filled', 3, 3],
      ['cancelled', 0, 0],
    ]);
    // And the same books again change nothing: reconciliation is idempotent.
    const again = reconcile(mine, {
      ...today,
      orders: [...ledger.values()],
      fills: [...ledger.values()].flatMap((o) =>
        [...o.fills].map(([t, q]) => ({ clientOrderId: o.clientOrderId, tradeId: t, qty: q })),
      ),
    });
    expect(again.updates).toEqual([]);
    client.close();
  });
});
