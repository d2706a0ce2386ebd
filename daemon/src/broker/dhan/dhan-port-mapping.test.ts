import { describe, expect, it } from 'vitest';
import { combineSlices, isNewer, type DhanSlice } from './dhan-port-mapping';

const slice = (id: string, over: Partial<DhanSlice> = {}): DhanSlice => ({
  brokerOrderId: id,
  clientOrderId: 'c-1',
  status: 'open',
  venueStatus: 'PENDING',
  side: 'buy',
  segment: 'NSE_FNO',
  securityId: '35001',
  product: 'MARGIN',
  orderType: 'LIMIT',
  validity: 'DAY',
  quantity: 1800,
  filledQty: 0,
  averagePrice: 0,
  price: 100,
  triggerPrice: 0,
  raw: { id },
  ...over,
});

describe('combineSlices: the slices of one client order id as one order', () => {
  it.each([
    ['every slice working', ['open', 'open'], [0, 0], 'open'],
    ['one slice part-filled, one working', ['partially_filled', 'open'], [100, 0], 'partially_filled'],
    ['one filled, one working', ['filled', 'open'], [1800, 0], 'partially_filled'],
    ['every slice filled', ['filled', 'filled'], [1800, 1800], 'filled'],
    ['one filled, one cancelled', ['filled', 'cancelled'], [1800, 0], 'cancelled'],
    ['every slice rejected', ['rejected', 'rejected'], [0, 0], 'rejected'],
    ['one rejected, one cancelled', ['rejected', 'cancelled'], [0, 0], 'cancelled'],
    ['one filled, one expired', ['filled', 'expired'], [1800, 0], 'expired'],
  ] as const)('%s → %s', (_name, statuses, filled, expected) => {
    const o = combineSlices(
      statuses.map((status, i) => slice(String(52_000_000_001 + i), { status, filledQty: filled[i] })),
    );
    expect(o.status).toBe(expected);
    expect(o.qty).toBe(3600);
    expect(o.filledQty).toBe(filled[0] + filled[1]);
  });

  it('adds quantities, weights the average, takes the first slice id (numeric order) and an end reason', () => {
    const o = combineSlices([
      slice('1000000010', { status: 'cancelled', quantity: 400, filledQty: 0, reason: 'RMS: cancelled' }),
      slice('999999999', { status: 'filled', filledQty: 1800, averagePrice: 100 }),
      slice('1000000000', { status: 'partially_filled', filledQty: 200, averagePrice: 110 }),
    ]);
    expect(o.brokerOrderId).toBe('999999999');
    expect(o.qty).toBe(4000);
    expect(o.filledQty).toBe(2000);
    expect(o.avgPrice).toBeCloseTo(101, 10);
    expect(o.reason).toBe('RMS: cancelled');
    expect(o.venueStatus).toBe('SLICED(PENDING,PENDING,PENDING)');
    expect(o.limitPrice).toBe(100);
    expect(o.triggerPrice).toBeUndefined();
  });
});

describe('isNewer: a slice never moves back', () => {
  it.each([
    [
      'more fills',
      slice('1', { filledQty: 10 }),
      slice('1', { filledQty: 20, status: 'partially_filled' }),
      true,
    ],
    ['fewer fills', slice('1', { filledQty: 20 }), slice('1', { filledQty: 10 }), false],
    ['an end after working', slice('1'), slice('1', { status: 'cancelled' }), true],
    ['working after an end', slice('1', { status: 'cancelled' }), slice('1'), false],
    [
      'another end after an end',
      slice('1', { status: 'cancelled' }),
      slice('1', { status: 'rejected' }),
      false,
    ],
    ['a modification (same rank)', slice('1'), slice('1', { price: 101 }), true],
  ] as const)('%s → %s', (_name, known, next, expected) => {
    expect(isNewer(known, next)).toBe(expected);
  });
});
