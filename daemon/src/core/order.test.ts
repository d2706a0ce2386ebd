// The order life cycle every mode shares (issue 10 §1): allowed moves, fills in parts, ends with
// a reason whose source is known, and client order ids that fit Dhan's correlationId.
import { describe, expect, it } from 'vitest';
import { clientOrderIds } from './order-id';
import {
  CLIENT_ORDER_ID_PATTERN,
  LEDGER_ORDER_STATUSES,
  ORDER_END_SOURCES,
  canMoveOrder,
  type LedgerOrderStatus,
} from './order-lifecycle';
import { ORDER_REASONS, ORDER_REASON_SOURCES, endOrder, isWorking, recordFill, type Order } from './order';

function order(fields: Partial<Order> = {}): Order {
  return {
    id: 1,
    clientOrderId: 'bt-0-1',
    symbolIndex: 0,
    symbol: 'X',
    side: 'buy',
    qty: 100,
    type: 'limit',
    limitPrice: 10,
    stopPrice: NaN,
    trail: undefined,
    tag: undefined,
    createdBy: 'strategy',
    createdTime: 0,
    createdPrice: 10,
    status: 'open',
    reason: undefined,
    message: undefined,
    triggered: false,
    time: NaN,
    filledQty: 0,
    avgFillPrice: NaN,
    costs: 0,
    bracket: undefined,
    parentId: undefined,
    ocoId: undefined,
    ...fields,
  };
}

describe('order life cycle', () => {
  // Every allowed move; every other pair is refused.
  const allowed: Record<LedgerOrderStatus, LedgerOrderStatus[]> = {
    new: ['sent', 'rejected', 'cancelled'],
    sent: ['open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'],
    open: ['partially_filled', 'filled', 'cancelled', 'rejected', 'expired'],
    partially_filled: ['partially_filled', 'filled', 'cancelled', 'expired'],
    filled: [],
    cancelled: [],
    rejected: [],
    expired: [],
  };
  it.each(LEDGER_ORDER_STATUSES.flatMap((from) => LEDGER_ORDER_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s',
    (from, to) => {
      expect(canMoveOrder(from, to)).toBe(allowed[from].includes(to));
    },
  );

  it('books partial fills: filled quantity, average price, costs, status', () => {
    const o = order();
    recordFill(o, 30, 10, 1000, 1.5);
    expect(o).toMatchObject({
      status: 'partially_filled',
      filledQty: 30,
      avgFillPrice: 10,
      costs: 1.5,
      time: 1000,
    });
    expect(isWorking(o)).toBe(true);
    recordFill(o, 70, 9.5, 2000, 2);
    expect(o).toMatchObject({ status: 'filled', filledQty: 100, costs: 3.5, time: 2000 });
    expect(o.avgFillPrice).toBeCloseTo((30 * 10 + 70 * 9.5) / 100, 12);
    expect(isWorking(o)).toBe(false);
  });

  it('refuses a fill beyond the quantity and a move out of a final status', () => {
    const o = order();
    recordFill(o, 60, 10, 1, 0);
    expect(() => recordFill(o, 41, 10, 2, 0)).toThrow(/bt-0-1: a fill of 41 on 60 of 100 filled/);
    expect(() => recordFill(o, 0, 10, 2, 0)).toThrow(/a fill of 0/);
    recordFill(o, 40, 10, 3, 0);
    expect(() => endOrder(o, 'cancelled', 'cancelled_by_strategy', 4)).toThrow(
      /cannot move from filled to cancelled/,
    );
  });

  it('ends an order with a reason, its source and the broker’s words', () => {
    const o = order({ status: 'sent' });
    endOrder(o, 'rejected', 'broker_rejected', 5, 'RMS: margin shortfall');
    expect(o).toMatchObject({
      status: 'rejected',
      reason: 'broker_rejected',
      message: 'RMS: margin shortfall',
      time: 5,
    });
    expect(ORDER_REASON_SOURCES[o.reason!]).toBe('broker');
  });

  it('gives every reason one source, telling strategy cancels, risk denials and broker rejections apart', () => {
    for (const reason of ORDER_REASONS) expect(ORDER_END_SOURCES).toContain(ORDER_REASON_SOURCES[reason]);
    expect(ORDER_REASON_SOURCES.cancelled_by_strategy).toBe('strategy');
    expect(ORDER_REASON_SOURCES.risk_denied).toBe('risk');
    expect(ORDER_REASON_SOURCES.insufficient_cash).toBe('broker');
    expect(ORDER_REASON_SOURCES.square_off).toBe('session');
  });
});

describe('client order ids', () => {
  it('are prefix-session-counter, unique, and fit Dhan’s 30 characters', () => {
    const ids = clientOrderIds({ prefix: 'd42', session: 1295 });
    expect([ids.next(), ids.next()]).toEqual(['d42-zz-1', 'd42-zz-2']);
    const longest = clientOrderIds({ prefix: 'abcdefghijkl', session: 36 ** 6 - 1, start: 9_999_999_999 });
    const id = longest.next();
    expect(id).toBe('abcdefghijkl-zzzzzz-9999999999');
    expect(id).toHaveLength(30);
    expect(CLIENT_ORDER_ID_PATTERN.test(id)).toBe(true);
    expect(() => longest.next()).toThrow(
      /counter: got 10000000000, expected at most 9999999999 orders per session/,
    );
  });

  it('differ between sessions of one prefix (a restart takes a new session)', () => {
    const before = clientOrderIds({ prefix: 'd7', session: 3 });
    const after = clientOrderIds({ prefix: 'd7', session: 4 });
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      seen.add(before.next());
      seen.add(after.next());
    }
    expect(seen.size).toBe(2000);
  });

  it('refuse a bad prefix, session or start, naming each', () => {
    expect(() => clientOrderIds({ prefix: 'd-42', session: -1, start: 0.5 })).toThrow(
      /prefix: got "d-42", expected 1–12 characters of A-Z, a-z, 0-9 and _; session: got -1, expected an integer from 0 to 2176782335; start: got 0.5/,
    );
    expect(() => clientOrderIds({ prefix: 'thirteenchars', session: 0 })).toThrow(
      /prefix: got "thirteenchars"/,
    );
  });
});
