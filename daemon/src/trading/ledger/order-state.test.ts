import { describe, expect, it } from 'vitest';
import { advanceOrder, NOT_FOUND_AT_BROKER, type OrderProgress, type OrderStep } from './order-state';

const progress = (over: Partial<OrderProgress> = {}): OrderProgress => ({
  status: 'new',
  qty: 100,
  filledQty: 0,
  endSource: null,
  reason: null,
  cancelSource: null,
  ...over,
});

const run = (start: OrderProgress, steps: OrderStep[]) => steps.reduce(advanceOrder, start);

describe('order status from events', () => {
  it.each<[string, OrderProgress, OrderStep[], Partial<OrderProgress>]>([
    [
      'sent, acknowledged',
      progress(),
      [{ kind: 'sent' }, { kind: 'venue', status: 'open' }],
      { status: 'open' },
    ],
    [
      'a partial fill, then the rest',
      progress({ status: 'open' }),
      [
        { kind: 'filled', filledQty: 40 },
        { kind: 'filled', filledQty: 100 },
      ],
      { status: 'filled', filledQty: 100 },
    ],
    [
      'a late "open" after a partial fill does not move it back',
      progress({ status: 'open' }),
      [
        { kind: 'filled', filledQty: 40 },
        { kind: 'venue', status: 'open' },
      ],
      { status: 'partially_filled' },
    ],
    [
      'the venue says filled before its fills arrive: working until they are booked',
      progress({ status: 'sent' }),
      [{ kind: 'venue', status: 'filled' }],
      { status: 'open' },
    ],
    [
      'a fill before the acknowledgement',
      progress({ status: 'sent' }),
      [
        { kind: 'filled', filledQty: 100 },
        { kind: 'venue', status: 'open' },
      ],
      { status: 'filled' },
    ],
    [
      'a cancel credited to its requester, keeping a partial fill',
      progress({ status: 'partially_filled', filledQty: 30, cancelSource: 'strategy' }),
      [{ kind: 'venue', status: 'cancelled', reason: 'cancelled' }],
      { status: 'cancelled', endSource: 'strategy', filledQty: 30 },
    ],
    [
      "an unsolicited cancel is the broker's; expiry is the session's",
      progress({ status: 'open' }),
      [{ kind: 'venue', status: 'expired', reason: 'session_end' }],
      { status: 'expired', endSource: 'session', reason: 'session_end' },
    ],
    [
      'a terminal status stays, but a late fill completing the order makes it filled',
      progress({ status: 'cancelled', filledQty: 60, endSource: 'strategy' }),
      [
        { kind: 'venue', status: 'open' },
        { kind: 'filled', filledQty: 100 },
      ],
      { status: 'filled', endSource: null },
    ],
    [
      'a rejection',
      progress({ status: 'sent' }),
      [
        { kind: 'venue', status: 'rejected', reason: 'insufficient_cash' },
        { kind: 'venue', status: 'open' },
      ],
      { status: 'rejected', endSource: 'broker', reason: 'insufficient_cash' },
    ],
    [
      'an order recovery closed as not found reopens when the venue shows it',
      progress({ status: 'cancelled', endSource: 'recovery', reason: NOT_FOUND_AT_BROKER }),
      [{ kind: 'venue', status: 'open' }],
      { status: 'open', endSource: null, reason: null },
    ],
    ['sent only from new', progress({ status: 'open' }), [{ kind: 'sent' }], { status: 'open' }],
  ])('%s', (_name, start, steps, expected) => {
    expect(run(start, steps)).toMatchObject(expected);
  });

  it('returns the same object when nothing changes (so nothing is written)', () => {
    const p = progress({ status: 'open' });
    expect(advanceOrder(p, { kind: 'venue', status: 'open' })).toBe(p);
  });
});
