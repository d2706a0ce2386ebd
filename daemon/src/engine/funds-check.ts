// The no-leverage rule, shared by acceptance and fill. Only the part of an order that opens or
// increases exposure is checked: exits are always allowed. Amounts are compared in paise exactly
// as the ledger books them (booked-amount.ts), so "cash would go negative" means exactly that.
//
// Long only: cash after the fill (value + costs) must be ≥ 0. With shorting (intraday), sale
// proceeds sit in cash while the short is a liability, so the rule becomes
// longs + shorts ≤ equity, i.e. cash − 2·(short value) ≥ 0.
import { bookedPaise } from './booked-amount';
import type { OrderReason, OrderSide } from '../core/order';

export interface FundsState {
  cashPaise: number;
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
  const value = bookedPaise(qty * price);
  const cashAfter = state.cashPaise + (side === 'buy' ? -value : value) - bookedPaise(cost);
  const increases = Math.abs(after) > Math.abs(before) || after * before < 0;
  if (increases) {
    const shortAfter = state.otherShortValue + (after < 0 ? -after * price : 0);
    if (cashAfter - 2 * bookedPaise(shortAfter) < 0) return 'insufficient_cash';
  }
  if (project) {
    state.cashPaise = cashAfter;
    state.qty = after;
  }
  return undefined;
}
