import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../core/instrument';
import type { Order } from '../../core/order';
import { Portfolio } from '../../engine/portfolio';
import type { BridgeInstrument } from './engine-bridge';
import type { PreTradeGate } from './pre-trade-gate';
import { staleFeedGate } from './stale-feed-gate';

const instrument: BridgeInstrument = {
  instrumentId: 1,
  instrument: equityInstrument('TCS', { securityId: '11536' }),
  product: 'CNC',
};

function order(side: 'buy' | 'sell', qty: number, createdBy: Order['createdBy'] = 'strategy'): Order {
  return { symbolIndex: 0, side, qty, createdBy } as Order;
}

const innerCalls: string[] = [];
const inner: PreTradeGate = {
  check(o) {
    innerCalls.push(`${o.side} ${o.qty}`);
    return { allowed: true, prepare: async () => undefined, record: async () => undefined };
  },
};

describe('staleFeedGate', () => {
  const portfolio = new Portfolio(100_000, ['TCS']);
  let stale = true;
  const gate = staleFeedGate(
    (symbol) => symbol === 'TCS' && stale,
    () => portfolio,
    inner,
  )!;

  it('refuses a new entry on a stale symbol with its own code, before the inner gate', () => {
    innerCalls.length = 0;
    const d = gate.check(order('buy', 10), instrument, 0);
    expect(d.allowed).toBe(false);
    expect(d.allowed === false && d.code).toBe('stale_feed');
    expect(d.allowed === false && d.message).toContain('TCS');
    expect(innerCalls).toEqual([]);
  });

  it('lets exits, square-off and bracket legs through to the inner gate', () => {
    portfolio.positions[0]!.qty = 10;
    innerCalls.length = 0;
    expect(gate.check(order('sell', 10), instrument, 0).allowed).toBe(true);
    expect(gate.check(order('buy', 5, 'square_off'), instrument, 0).allowed).toBe(true);
    expect(gate.check(order('buy', 5, 'bracket'), instrument, 0).allowed).toBe(true);
    expect(innerCalls).toEqual(['sell 10', 'buy 5', 'buy 5']);
    // Adding to the position is a new entry.
    expect(gate.check(order('buy', 5), instrument, 0).allowed).toBe(false);
    portfolio.positions[0]!.qty = 0;
  });

  it('passes everything once the symbol ticks again, and is no gate without a feed', () => {
    stale = false;
    expect(gate.check(order('buy', 10), instrument, 0).allowed).toBe(true);
    expect(staleFeedGate(undefined, () => portfolio, inner)).toBe(inner);
  });
});
