import { describe, expect, it } from 'vitest';
import type { LedgerOrder } from '../ledger/ledger-types';
import { brokerOrderType, engineReason } from './order-mapping';

const row = (over: Partial<LedgerOrder>) =>
  ({ status: 'cancelled', reason: null, endSource: null, ...over }) as LedgerOrder;

describe('order mapping', () => {
  it.each([
    ['market', 'MARKET'],
    ['limit', 'LIMIT'],
    ['stop', 'STOP_LOSS_MARKET'],
    ['stop-limit', 'STOP_LOSS'],
    ['trailing-stop', 'STOP_LOSS_MARKET'],
  ] as const)('%s → %s', (type, broker) => expect(brokerOrderType(type)).toBe(broker));

  it.each([
    [
      'a cancel the engine asked for keeps its reason',
      row({ endSource: 'broker' }),
      'square_off',
      'square_off',
    ],
    [
      'a venue word the engine knows',
      row({ status: 'rejected', reason: 'insufficient_cash', endSource: 'broker' }),
      undefined,
      'insufficient_cash',
    ],
    [
      'the venue freeze word',
      row({ status: 'rejected', reason: 'freeze_quantity', endSource: 'broker' }),
      undefined,
      'above_freeze_quantity',
    ],
    [
      'an unknown rejection',
      row({ status: 'rejected', reason: 'DH-906', endSource: 'broker' }),
      undefined,
      'broker_rejected',
    ],
    [
      'an expiry',
      row({ status: 'expired', reason: null, endSource: 'session' }),
      undefined,
      'end_of_session',
    ],
    ['an unsolicited cancel', row({ endSource: 'broker' }), undefined, 'cancelled_by_broker'],
    ['an operator cancel', row({ endSource: 'operator' }), undefined, 'cancelled_by_operator'],
    ['a kill switch cancel', row({ endSource: 'kill_switch' }), undefined, 'kill_switch'],
  ] as const)('%s', (_what, order, requested, reason) => expect(engineReason(order, requested)).toBe(reason));
});
