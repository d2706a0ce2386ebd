// No new exposure on a symbol whose live feed is stale (issue 12 §4): the market feed marks a
// symbol stale when it has not ticked for the threshold (QUANTTRADE_DHAN_STALE_SECONDS) while
// the market is open; until its next tick an order that opens or adds to a position is refused
// (reason `stale_feed`, stored as a refused signal). Exits, stops, bracket legs and square-off
// pass — they reduce risk, and the broker prices them itself. The risk gate's own stale_price
// rule judges the last bar's age; this one hears the feed itself, so a connected but silent
// socket stops entries within the threshold.
import type { Order } from '../../core/order';
import type { Portfolio } from '../../engine/portfolio';
import { reducesPosition } from './paused-gate';
import type { GateDecision, PreTradeGate } from './pre-trade-gate';

const ALLOWED: GateDecision = {
  allowed: true,
  prepare: async () => undefined,
  record: async () => undefined,
};

export function staleFeedGate(
  isStale: ((symbol: string) => boolean) | undefined,
  portfolio: () => Portfolio,
  inner: PreTradeGate | undefined,
): PreTradeGate | undefined {
  if (!isStale) return inner;
  return {
    check(order: Order, instrument, now) {
      const symbol = instrument.instrument.symbol;
      if (order.createdBy === 'strategy' && isStale(symbol) && !reducesPosition(order, portfolio()))
        return {
          allowed: false,
          code: 'stale_feed',
          message: `${symbol}: the market feed is stale (no tick within the threshold): no new entries until it ticks again`,
          record: async () => undefined,
        };
      return inner ? inner.check(order, instrument, now) : ALLOWED;
    },
  };
}
