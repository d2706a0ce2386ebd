import { describe, expect, it } from 'vitest';
import type { BrokerOrder, BrokerPosition, BrokerTrade } from './broker-records';
import { reconcile, type LedgerOrderView } from './reconciliation';

const order = (o: Partial<BrokerOrder> & { brokerOrderId: string }): BrokerOrder => ({
  status: 'open',
  brokerStatus: 'PENDING',
  side: 'buy',
  segment: 'NSE_EQ',
  securityId: '11536',
  product: 'INTRADAY',
  orderType: 'LIMIT',
  quantity: 10,
  filledQty: 0,
  remainingQty: 10,
  price: 100,
  triggerPrice: 0,
  averagePrice: 0,
  ...o,
});
const trade = (t: Partial<BrokerTrade> & { brokerOrderId: string; tradeId: string }): BrokerTrade => ({
  side: 'buy',
  segment: 'NSE_EQ',
  securityId: '11536',
  product: 'INTRADAY',
  quantity: 10,
  price: 100,
  ...t,
});
const position = (netQty: number, p: Partial<BrokerPosition> = {}): BrokerPosition => ({
  segment: 'NSE_EQ',
  securityId: '11536',
  product: 'INTRADAY',
  netQty,
  buyQty: Math.max(0, netQty),
  sellQty: Math.max(0, -netQty),
  buyAverage: 100,
  sellAverage: 0,
  realizedProfit: 0,
  unrealizedProfit: 0,
  ...p,
});
const lo = (o: Partial<LedgerOrderView> & { clientOrderId: string }): LedgerOrderView => ({
  status: 'open',
  qty: 10,
  filledQty: 0,
  ...o,
});
const empty = { orders: [], trades: [], positions: [] };

describe('reconcile: updates the ledger missed', () => {
  it('a sent order the broker has: acknowledge with its id', () => {
    const r = reconcile(
      { ...empty, orders: [order({ brokerOrderId: 'B1', clientOrderId: 'c1' })] },
      { orders: [lo({ clientOrderId: 'c1', status: 'sent' })], fills: [], positions: [] },
    );
    expect(r.updates).toEqual([
      { kind: 'acknowledge', clientOrderId: 'c1', brokerOrderIds: ['B1'] },
      {
        kind: 'status',
        clientOrderId: 'c1',
        from: 'sent',
        to: 'open',
        filledQty: 0,
        averagePrice: 0,
        reason: undefined,
      },
    ]);
    expect(r.differences).toEqual([]);
  });

  it('missed partial fills and the fill that completed the order', () => {
    const broker = {
      orders: [
        order({
          brokerOrderId: 'B1',
          clientOrderId: 'c1',
          status: 'filled',
          brokerStatus: 'TRADED',
          filledQty: 10,
          remainingQty: 0,
          averagePrice: 101,
        }),
      ],
      trades: [
        trade({ brokerOrderId: 'B1', tradeId: 'T1', quantity: 4, price: 100 }),
        trade({ brokerOrderId: 'B1', tradeId: 'T2', quantity: 6, price: 101.6667 }),
      ],
      positions: [position(10)],
    };
    const ledger = {
      orders: [lo({ clientOrderId: 'c1', brokerOrderId: 'B1', status: 'partially_filled', filledQty: 4 })],
      fills: [{ clientOrderId: 'c1', brokerTradeId: 'T1', qty: 4 }],
      positions: [{ segment: 'NSE_EQ', securityId: '11536', product: 'INTRADAY', netQty: 4 }],
    };
    const r = reconcile(broker, ledger);
    expect(r.updates).toEqual([
      {
        kind: 'fill',
        clientOrderId: 'c1',
        brokerOrderId: 'B1',
        tradeId: 'T2',
        side: 'buy',
        qty: 6,
        price: 101.6667,
        at: undefined,
      },
      {
        kind: 'status',
        clientOrderId: 'c1',
        from: 'partially_filled',
        to: 'filled',
        filledQty: 10,
        averagePrice: 101,
        reason: undefined,
      },
    ]);
    expect(r.differences).toEqual([]);
  });

  it('a rejection with the broker reason; a cancellation after a partial fill; expiry at end of day', () => {
    const broker = {
      ...empty,
      orders: [
        order({
          brokerOrderId: 'B1',
          clientOrderId: 'rej',
          status: 'rejected',
          brokerStatus: 'REJECTED',
          reason: 'RMS: insufficient funds',
        }),
        order({
          brokerOrderId: 'B2',
          clientOrderId: 'can',
          status: 'cancelled',
          brokerStatus: 'CANCELLED',
          filledQty: 3,
          averagePrice: 99,
        }),
        order({ brokerOrderId: 'B3', clientOrderId: 'exp', status: 'expired', brokerStatus: 'EXPIRED' }),
      ],
      trades: [trade({ brokerOrderId: 'B2', tradeId: 'T9', quantity: 3, price: 99 })],
      positions: [position(3)],
    };
    const ledger = {
      orders: [
        lo({ clientOrderId: 'rej', brokerOrderId: 'B1' }),
        lo({ clientOrderId: 'can', brokerOrderId: 'B2' }),
        lo({ clientOrderId: 'exp', brokerOrderId: 'B3' }),
      ],
      fills: [],
      positions: [],
    };
    const r = reconcile(broker, ledger);
    expect(
      r.updates
        .filter((u) => u.kind === 'status')
        .map((u) => [u.clientOrderId, (u as { to: string }).to, (u as { reason?: string }).reason]),
    ).toEqual([
      ['rej', 'rejected', 'RMS: insufficient funds'],
      ['can', 'cancelled', undefined],
      ['exp', 'expired', undefined],
    ]);
    expect(r.updates.filter((u) => u.kind === 'fill')).toHaveLength(1);
    expect(r.differences).toEqual([]);
  });

  it('a sliced order: several broker orders with one correlation id make one status', () => {
    const broker = {
      ...empty,
      orders: [
        order({
          brokerOrderId: 'S1',
          clientOrderId: 'big',
          quantity: 1800,
          status: 'filled',
          filledQty: 1800,
          averagePrice: 10,
        }),
        order({ brokerOrderId: 'S2', clientOrderId: 'big', quantity: 200, status: 'open', filledQty: 0 }),
      ],
    };
    const r = reconcile(broker, {
      orders: [lo({ clientOrderId: 'big', qty: 2000, status: 'sent' })],
      fills: [],
      positions: [],
    });
    expect(r.updates).toContainEqual({
      kind: 'acknowledge',
      clientOrderId: 'big',
      brokerOrderIds: ['S1', 'S2'],
    });
    expect(r.updates).toContainEqual(
      expect.objectContaining({ kind: 'status', to: 'partially_filled', filledQty: 1800 }),
    );
  });
});

describe('reconcile: differences nothing explains', () => {
  const table: [string, Parameters<typeof reconcile>[0], Parameters<typeof reconcile>[1], unknown][] = [
    [
      'an order we never sent (placed by hand)',
      { ...empty, orders: [order({ brokerOrderId: 'X1', tradingSymbol: 'TCS' })] },
      { orders: [], fills: [], positions: [] },
      {
        kind: 'unknown_order',
        brokerOrderId: 'X1',
        clientOrderId: undefined,
        detail: 'buy 10 TCS PENDING (no correlation id: placed elsewhere)',
      },
    ],
    [
      'an order with a correlation id the ledger lacks',
      { ...empty, orders: [order({ brokerOrderId: 'X2', clientOrderId: 'ghost' })] },
      { orders: [], fills: [], positions: [] },
      expect.objectContaining({ kind: 'unknown_order', clientOrderId: 'ghost' }),
    ],
    [
      'a working order the broker does not have',
      empty,
      { orders: [lo({ clientOrderId: 'c1', brokerOrderId: 'B1' })], fills: [], positions: [] },
      { kind: 'missing_at_broker', clientOrderId: 'c1', status: 'open' },
    ],
    [
      'ledger cancelled, broker filled',
      {
        ...empty,
        orders: [order({ brokerOrderId: 'B1', clientOrderId: 'c1', status: 'filled', filledQty: 10 })],
        trades: [trade({ brokerOrderId: 'B1', tradeId: 'T1' })],
        positions: [position(10)],
      },
      {
        orders: [lo({ clientOrderId: 'c1', brokerOrderId: 'B1', status: 'cancelled' })],
        fills: [],
        positions: [],
      },
      { kind: 'status_conflict', clientOrderId: 'c1', ledger: 'cancelled', broker: 'filled' },
    ],
    [
      'a ledger fill the broker does not have',
      { ...empty, orders: [order({ brokerOrderId: 'B1', clientOrderId: 'c1', filledQty: 0 })] },
      {
        orders: [lo({ clientOrderId: 'c1', brokerOrderId: 'B1', filledQty: 5, status: 'partially_filled' })],
        fills: [{ clientOrderId: 'c1', brokerTradeId: 'T7', qty: 5 }],
        positions: [],
      },
      { kind: 'fill_not_at_broker', clientOrderId: 'c1', brokerTradeId: 'T7' },
    ],
    [
      'a position we do not hold',
      { ...empty, positions: [position(-25, { securityId: '1333' })] },
      { orders: [], fills: [], positions: [] },
      {
        kind: 'position_mismatch',
        segment: 'NSE_EQ',
        securityId: '1333',
        product: 'INTRADAY',
        ledgerQty: 0,
        brokerQty: -25,
      },
    ],
    [
      'a position the broker no longer has',
      empty,
      {
        orders: [],
        fills: [],
        positions: [{ segment: 'NSE_EQ', securityId: '1333', product: 'CNC', netQty: 5 }],
      },
      {
        kind: 'position_mismatch',
        segment: 'NSE_EQ',
        securityId: '1333',
        product: 'CNC',
        ledgerQty: 5,
        brokerQty: 0,
      },
    ],
  ];
  it.each(table)('%s', (_name, broker, ledger, expected) => {
    expect(reconcile(broker, ledger).differences).toContainEqual(expected);
  });

  it('a sent order the broker lacks is for the sender to resolve, not a difference; new orders are ignored', () => {
    const r = reconcile(empty, {
      orders: [lo({ clientOrderId: 's', status: 'sent' }), lo({ clientOrderId: 'n', status: 'new' })],
      fills: [],
      positions: [],
    });
    expect(r).toEqual({ updates: [], differences: [], unsent: ['s'] });
  });

  it('agreeing books produce nothing', () => {
    const broker = {
      orders: [order({ brokerOrderId: 'B1', clientOrderId: 'c1', status: 'filled', filledQty: 10 })],
      trades: [trade({ brokerOrderId: 'B1', tradeId: 'T1' })],
      positions: [position(10)],
    };
    const ledger = {
      orders: [lo({ clientOrderId: 'c1', brokerOrderId: 'B1', status: 'filled', filledQty: 10 })],
      fills: [{ clientOrderId: 'c1', brokerTradeId: 'T1', qty: 10 }],
      positions: [{ segment: 'NSE_EQ', securityId: '11536', product: 'INTRADAY', netQty: 10 }],
    };
    expect(reconcile(broker, ledger)).toEqual({ updates: [], differences: [], unsent: [] });
  });
});
