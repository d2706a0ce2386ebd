// The no-leverage rule, shared by acceptance and fill. Only the part of an order that opens or
// increases exposure is checked: exits are always allowed.
//
// Long only: cash after the fill (value + costs) must be ≥ 0. With shorting (intraday), sale
// proceeds sit in cash while the short is a liability, so the rule becomes
// longs + shorts ≤ equity, i.e. cash − 2·(short value) ≥ 0.
//
// The cash compared is the portfolio's `fundsCash`: the same money as the ledger, but summed in
// double precision fill by fill, in a float engine's order of operations (portfolio.ts). The two
// differ by float noise only (~1e-12 of the amount), so the verdict differs only when the cash
// left after a buy is zero to the paisa. Then a float engine (backtrader) decides by the sign of
// its noise; computing the check as it does keeps trade lists identical at that boundary, which
// is common when a small account buys 100 shares of 2-decimal prices (whole-rupee amounts).
import type { OrderReason, OrderSide } from '../core/order';

export interface FundsState {
  /** Cash in rupees, as Portfolio.fundsCash (plus the orders already projected this bar). */
  cash: number;
  /** Signed position of the order's symbol. */
  qty: number;
  /** Market value of short positions in other symbols, rupees. */
  otherShortValue: number;
}

/**
 * Checks one order against `state`; with `project`, books it into `state` when it passes, so that
 * the orders accepted on one bar are checked cumulatively, in creation order.
 */
export function checkFunds(
  state: FundsState,
  side: OrderSide,
  qty: number,
  price: number,
  cost: number,
  allowShort: boolean,
  project: boolean,
): OrderReason | undefined {
  const before = state.qty;
  const after = side === 'buy' ? before + qty : before - qty;
  if (after < 0 && !allowShort) return 'short_not_allowed';
  // Value first, then costs: (cash − qty·price) − costs, as a float engine books them.
  const cashAfter = (side === 'buy' ? state.cash - qty * price : state.cash + qty * price) - cost;
  const increases = Math.abs(after) > Math.abs(before) || after * before < 0;
  if (increases) {
    const shortAfter = state.otherShortValue + (after < 0 ? -after * price : 0);
    if (cashAfter - 2 * shortAfter < 0) return 'insufficient_cash';
  }
  if (project) {
    state.cash = cashAfter;
    state.qty = after;
  }
  return undefined;
}
