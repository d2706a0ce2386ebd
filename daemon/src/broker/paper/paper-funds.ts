// The paper venue's funds rule. With a margin rate of 1 (CNC, and any account configured so) it is
// the backtester's no-leverage rule itself (engine/funds-check.ts, called as SimBroker calls it),
// so a paper deployment accepts and rejects exactly the orders its backtest does. Below 1
// (INTRADAY 20 % by default, MARGIN per instrument) a position needs only that share of its value:
// an order that opens or increases exposure passes when, after it,
//     Σ rate × |position value|  ≤  equity  =  cash + long value − short value.
// With every rate at 1 this is the same inequality as the no-leverage rule (longs + shorts ≤
// equity); exits always pass. Values are marked at the order's price for its own position and at
// the last price for the others.
import type { OrderReason, OrderSide } from '../../core/order';
import { checkFunds, type FundsState } from '../../engine/funds-check';

export interface PaperFundsState extends FundsState {
  /** Market value of long positions in other instruments/products. */
  otherLongValue: number;
  /** Σ rate × |value| of the other positions. */
  otherMargin: number;
}

export interface FundsCheck {
  side: OrderSide;
  qty: number;
  price: number;
  /** Charges of the order at that price, rupees. */
  cost: number;
  allowShort: boolean;
  /** Margin per rupee of exposure of this order's product (and instrument). */
  marginRate: number;
  /** Books the order into `state` when it passes (acceptance of a batch is cumulative). */
  project: boolean;
}

export function checkPaperFunds(state: PaperFundsState, c: FundsCheck): OrderReason | undefined {
  if (c.marginRate >= 1) return checkFunds(state, c.side, c.qty, c.price, c.cost, c.allowShort, c.project);
  const before = state.qty;
  const after = c.side === 'buy' ? before + c.qty : before - c.qty;
  if (after < 0 && !c.allowShort) return 'short_not_allowed';
  const cashAfter = (c.side === 'buy' ? state.cash - c.qty * c.price : state.cash + c.qty * c.price) - c.cost;
  const increases = Math.abs(after) > Math.abs(before) || after * before < 0;
  if (increases) {
    const value = after * c.price;
    const equity = cashAfter + state.otherLongValue - state.otherShortValue + value;
    const margin = state.otherMargin + c.marginRate * Math.abs(value);
    if (margin > equity) return 'insufficient_cash';
  }
  if (c.project) {
    state.cash = cashAfter;
    state.qty = after;
  }
  return undefined;
}
