// A paused deployment makes no new entries; exits, stops, bracket legs and square-off still go
// out. The rule sits in front of the risk gate: an order that would open or add to a position
// while paused is refused (its signal stored as refused, reason `deployment_paused`) and never
// reaches the risk gate's counters.
import type { Order } from '../../core/order';
import type { Portfolio } from '../../engine/portfolio';
import type { GateDecision, PreTradeGate } from './pre-trade-gate';

const ALLOWED: GateDecision = {
  allowed: true,
  prepare: async () => undefined,
  record: async () => undefined,
};

/** True when the order only reduces the symbol's position, counting its other working orders out. */
export function reducesPosition(order: Order, portfolio: Portfolio): boolean {
  const held = portfolio.positions[order.symbolIndex]!.qty;
  const signed = order.side === 'buy' ? order.qty : -order.qty;
  return held !== 0 && Math.sign(signed) !== Math.sign(held) && Math.abs(signed) <= Math.abs(held);
}

export function pausedGate(
  paused: () => boolean,
  portfolio: () => Portfolio,
  inner: PreTradeGate | undefined,
): PreTradeGate {
  return {
    check(order, instrument, now) {
      if (paused() && order.createdBy === 'strategy' && !reducesPosition(order, portfolio()))
        return {
          allowed: false,
          code: 'deployment_paused',
          message: 'the deployment is paused: no new entries (exits still go out)',
          record: async () => undefined,
        };
      return inner ? inner.check(order, instrument, now) : ALLOWED;
    },
  };
}
