import { describe, expect, it } from 'vitest';
import type { BrokerInstrumentRef, BrokerOrder, BrokerPosition, BrokerTrade } from './broker-link';
import {
  instrumentKey,
  reconcile,
  type BrokerSnapshot,
  type LedgerOrderView,
  type LedgerPositionView,
  type LedgerSnapshot,
} from './reconciliation';

const SBI: BrokerInstrumentRef = { symbol: 'SBIN', exchange: 'NSE', segment: 'NSE_EQ', securityId: '3045' };
const TCS: BrokerInstrumentRef = { symbol: 'TCS', exchange: 'NSE', segment: 'NSE_EQ', securityId: '11536' };

const order = (o: Partial<BrokerOrder> & { clientOrderId: string }): BrokerOrder => ({
  brokerOrderId: `B-${o.clientOrderId}`,
  instrument: SBI,
  side: 'buy',
  qty: 10,
  filledQty: 0,
  avgPrice: NaN,
  orderType: 'LIMIT',
  product: 'INTRADAY',
  validity: 'DAY',
  limitPrice: 100,
  status: 'open',
  venueStatus: 'PENDING',
  updatedAt: 1,
  raw: {},
  ...o,
});
const trade = (t: Partial<BrokerTrade> & { clientOrderId: string; tradeId: string }): BrokerTrade => ({
  brokerOrderId: `B-${t.clientOrderId}`,
  instrument: SBI,
  side: 'buy',
  qty: 10,
  price: 100,
  time: 1,
  raw: {},
  ...t,
});
const position = (netQty: number, p: Partial<BrokerPosition> = {}): BrokerPosition => ({
  instrument: SBI,
  product: 'INTRADAY',
  netQty,
  avgPrice: 100,
  realisedPnl: 0,
  lastPrice: NaN,
  raw: {},
  ...p,
});
const lo = (o: Partial<LedgerOrderView> & { clientOrderId: string }): LedgerOrderView => ({
  brokerOrderId: `B-${o.clientOrderId}`,
  status: 'open',
  qty: 10,
  filledQty: 0,
  reopenable: false,
  sentDay: '2025-01-06',
  ...o,
});
const held = (netQty: number, p: Partial<LedgerPositionView> = {}): LedgerPositionView => ({
  instrument: SBI,
  product: 'INTRADAY',
  netQty,
  dayNetQty: netQty,
  ...p,
});
const venue = (b: Partial<BrokerSnapshot> = {}): BrokerSnapshot => ({
  orders: [],
  trades: [],
  positions: [],
  ...b,
});
const books = (l: Partial<LedgerSnapshot> = {}): LedgerSnapshot => ({
  orders: [],
  fills: [],
  positions: [],
  today: '2025-01-06',
  ...l,
});

describe('reconcile: what the ledger missed becomes venue updates', () => {
  it('a sent order the venue has: its status, which carries the venue order id (the acknowledgement)', () => {
    const o = order({ clientOrderId: 'c1' });
    const r = reconcile(
      venue({ orders: [o] }),
      books({ orders: [lo({ clientOrderId: 'c1', status: 'sent', brokerOrderId: null })] }),
    );
    expect(r.updates).toEqual([{ kind: 'status', order: o }]);
    expect(r.differences).toEqual([]);
  });

  it('missed fills (each trade once, by its id) and the status that completed the order', () => {
    const o = order({ clientOrderId: 'c1', status: 'filled', venueStatus: 'TRADED', filledQty: 10 });
    const t1 = trade({ clientOrderId: 'c1', tradeId: 'T1', qty: 4 });
    const t2 = trade({ clientOrderId: 'c1', tradeId: 'T2', qty: 6, price: 101.5 });
    const r = reconcile(
      venue({ orders: [o], trades: [t1, t2], positions: [position(10)] }),
      books({
        orders: [lo({ clientOrderId: 'c1', status: 'partially_filled', filledQty: 4 })],
        fills: [{ clientOrderId: 'c1', tradeId: 'T1', qty: 4 }],
        positions: [held(4)],
      }),
    );
    expect(r.updates).toEqual([
      { kind: 'fill', trade: t2, order: o },
      { kind: 'status', order: o },
    ]);
    expect(r.differences).toEqual([]);
  });

  it('rejections (with the reason), cancellations after a partial fill, expiry at the session end', () => {
    const rej = order({
      clientOrderId: 'rej',
      status: 'rejected',
      venueStatus: 'REJECTED',
      reason: 'RMS: margin',
    });
    const can = order({ clientOrderId: 'can', status: 'cancelled', venueStatus: 'CANCELLED', filledQty: 3 });
    const exp = order({ clientOrderId: 'exp', status: 'expired', venueStatus: 'EXPIRED' });
    const r = reconcile(
      venue({
        orders: [rej, can, exp],
        trades: [trade({ clientOrderId: 'can', tradeId: 'T9', qty: 3 })],
        positions: [position(3)],
      }),
      books({
        orders: [lo({ clientOrderId: 'rej' }), lo({ clientOrderId: 'can' }), lo({ clientOrderId: 'exp' })],
      }),
    );
    expect(r.updates.map((u) => [u.kind, u.order.clientOrderId, u.order.status, u.order.reason])).toEqual([
      ['status', 'rej', 'rejected', 'RMS: margin'],
      ['fill', 'can', 'cancelled', undefined],
      ['status', 'can', 'cancelled', undefined],
      ['status', 'exp', 'expired', undefined],
    ]);
    expect(r.differences).toEqual([]);
  });

  it('a modification at the venue (another quantity) is an update, not a difference', () => {
    const o = order({ clientOrderId: 'm', qty: 6, limitPrice: 99 });
    const r = reconcile(venue({ orders: [o] }), books({ orders: [lo({ clientOrderId: 'm', qty: 10 })] }));
    expect(r.updates).toEqual([{ kind: 'status', order: o }]);
  });

  it('an active order of an earlier session the book no longer lists has expired; one of today is missing', () => {
    const r = reconcile(
      venue(),
      books({
        orders: [
          lo({ clientOrderId: 'old', sentDay: '2025-01-03', status: 'partially_filled', filledQty: 2 }),
          lo({ clientOrderId: 'now', sentDay: '2025-01-06' }),
        ],
      }),
    );
    expect(r.expired).toEqual(['old']);
    expect(r.differences).toEqual([{ kind: 'missing_at_broker', clientOrderId: 'now', status: 'open' }]);
  });

  it('an order recovery closed as not found, which the venue has after all, is reopened by the update', () => {
    const o = order({ clientOrderId: 'late' });
    const r = reconcile(
      venue({ orders: [o] }),
      books({ orders: [lo({ clientOrderId: 'late', status: 'cancelled', reopenable: true })] }),
    );
    expect(r.updates).toEqual([{ kind: 'status', order: o }]);
    expect(r.differences).toEqual([]);
  });

  it('a sent order the venue lacks is for recovery to resolve; new orders are ignored', () => {
    const r = reconcile(
      venue(),
      books({
        orders: [
          lo({ clientOrderId: 's', status: 'sent', brokerOrderId: null }),
          lo({ clientOrderId: 'n', status: 'new' }),
        ],
      }),
    );
    expect(r).toEqual({ updates: [], expired: [], unsent: ['s'], differences: [] });
  });
});

describe('reconcile: differences nothing explains', () => {
  const table: [string, BrokerSnapshot, LedgerSnapshot, unknown][] = [
    [
      'an order we never sent (placed by hand)',
      venue({
        orders: [order({ clientOrderId: '', brokerOrderId: 'X1', instrument: TCS, venueStatus: 'PENDING' })],
      }),
      books(),
      {
        kind: 'unknown_order',
        brokerOrderId: 'X1',
        clientOrderId: '',
        detail: 'buy 10 TCS (PENDING, no client order id: placed elsewhere)',
      },
    ],
    [
      'an order with a client order id the ledger lacks',
      venue({ orders: [order({ clientOrderId: 'ghost' })] }),
      books(),
      expect.objectContaining({ kind: 'unknown_order', clientOrderId: 'ghost' }),
    ],
    [
      'ledger cancelled, venue filled',
      venue({
        orders: [order({ clientOrderId: 'c1', status: 'filled', filledQty: 10 })],
        trades: [trade({ clientOrderId: 'c1', tradeId: 'T1' })],
        positions: [position(10)],
      }),
      books({ orders: [lo({ clientOrderId: 'c1', status: 'cancelled' })] }),
      { kind: 'status_conflict', clientOrderId: 'c1', ledger: 'cancelled', broker: 'filled' },
    ],
    [
      'a ledger fill the venue does not have',
      venue({ orders: [order({ clientOrderId: 'c1' })] }),
      books({
        orders: [lo({ clientOrderId: 'c1', filledQty: 5, status: 'partially_filled' })],
        fills: [{ clientOrderId: 'c1', tradeId: 'T7', qty: 5 }],
      }),
      { kind: 'fill_not_at_broker', clientOrderId: 'c1', tradeId: 'T7' },
    ],
    [
      'the venue cut the quantity below what the ledger booked',
      venue({ orders: [order({ clientOrderId: 'c1', qty: 3, filledQty: 3, status: 'filled' })] }),
      books({ orders: [lo({ clientOrderId: 'c1', qty: 10, filledQty: 5, status: 'partially_filled' })] }),
      { kind: 'quantity_mismatch', clientOrderId: 'c1', ledgerQty: 10, brokerQty: 3 },
    ],
    [
      'a position we do not hold',
      venue({ positions: [position(-25, { instrument: TCS })] }),
      books(),
      {
        kind: 'position_mismatch',
        instrument: 'TCS (NSE_EQ/11536)',
        product: 'INTRADAY',
        basis: 'net',
        ledgerQty: 0,
        brokerQty: -25,
      },
    ],
    [
      'a position the venue no longer has',
      venue(),
      books({ positions: [held(5, { product: 'MARGIN' })] }),
      expect.objectContaining({ kind: 'position_mismatch', product: 'MARGIN', ledgerQty: 5, brokerQty: 0 }),
    ],
  ];
  it.each(table)('%s', (_name, broker, ledger, expected) => {
    expect(reconcile(broker, ledger).differences).toContainEqual(expected);
  });

  it("day-only products (Dhan's CNC) compare today's quantity: a delivery position carried in is no difference", () => {
    const ledger = books({
      positions: [held(50, { product: 'CNC', dayNetQty: 0 }), held(5, { product: 'INTRADAY' })],
    });
    const broker = venue({ positions: [position(5)], dayPositionProducts: ['CNC'] });
    expect(reconcile(broker, ledger).differences).toEqual([]);
    const sold = venue({
      positions: [position(5), position(-10, { product: 'CNC' })],
      dayPositionProducts: ['CNC'],
    });
    expect(reconcile(sold, ledger).differences).toEqual([
      expect.objectContaining({
        kind: 'position_mismatch',
        product: 'CNC',
        basis: 'day',
        ledgerQty: 0,
        brokerQty: -10,
      }),
    ]);
  });

  it('positions match by segment and security id, or by exchange and symbol without one', () => {
    expect(instrumentKey(SBI)).toBe('NSE_EQ/3045');
    expect(instrumentKey({ symbol: 'DEMOBANK', exchange: 'NSE', segment: 'NSE_EQ' })).toBe('NSE:DEMOBANK');
  });

  it('agreeing books produce nothing, and fills the same pass applies count towards the position', () => {
    const filled = order({ clientOrderId: 'c1', status: 'filled', filledQty: 10 });
    const t = trade({ clientOrderId: 'c1', tradeId: 'T1' });
    const agreeing = reconcile(
      venue({ orders: [filled], trades: [t], positions: [position(10)] }),
      books({
        orders: [lo({ clientOrderId: 'c1', status: 'filled', filledQty: 10 })],
        fills: [{ clientOrderId: 'c1', tradeId: 'T1', qty: 10 }],
        positions: [held(10)],
      }),
    );
    expect(agreeing).toEqual({ updates: [], expired: [], unsent: [], differences: [] });
    const missed = reconcile(
      venue({ orders: [filled], trades: [t], positions: [position(10)] }),
      books({ orders: [lo({ clientOrderId: 'c1' })] }),
    );
    expect(missed.differences).toEqual([]);
    expect(missed.updates.map((u) => u.kind)).toEqual(['fill', 'status']);
  });
});
