// The position-sizing calculator: how many units risk a chosen amount if the stop is hit. The
// stop is a price, or a multiple of ATR from the entry; the quantity is rounded down to whole
// lots, then capped by the value limit and by the funds the margin needs, and the answer says
// which of them bound it.
import { validationError, type FieldIssue } from '../core/errors';
import { roundToPaise, roundToTick } from '../core/money';
import { roundToLot } from '../strategies/sizing';

export interface SizingInput {
  side: 'buy' | 'sell';
  /** Capital the risk percentage is taken of (rupees). */
  capital: number;
  /** Risk per trade as % of capital; or riskAmount in rupees. */
  riskPercent?: number;
  riskAmount?: number;
  entryPrice: number;
  /** The stop price; or atr (rupees) and atrMultiple (default 2). */
  stopPrice?: number;
  atr?: number;
  atrMultiple?: number;
  lotSize?: number;
  /** Rounds an ATR stop to the tick (away from the entry). */
  tickSize?: number;
  /** Margin blocked per rupee of position value: 1 for delivery, e.g. 0.2 for intraday. */
  marginRate?: number;
  /** Funds available for margin; the quantity is capped so the margin fits. */
  availableFunds?: number;
  /** Cap on the position value (a profile's maxPositionValue, say). */
  maxPositionValue?: number;
}

export interface SizingResult {
  stopPrice: number;
  /** Rupees lost per unit if the stop is hit. */
  stopDistance: number;
  /** Rupees the trade may lose (capital × risk %, or riskAmount). */
  riskBudget: number;
  /** Units the budget alone allows, before lot rounding and caps. */
  rawQty: number;
  qty: number;
  lots: number;
  /** Rupees lost at the stop with `qty`. */
  riskAtStop: number;
  positionValue: number;
  marginNeeded: number;
  /** What bound the quantity: the risk budget, the value cap, or the funds for margin. */
  limitedBy: 'risk' | 'max_position_value' | 'funds';
}

function stopOf(input: SizingInput, issues: FieldIssue[]): number {
  const { side, entryPrice, stopPrice, atr, atrMultiple = 2, tickSize } = input;
  if (stopPrice !== undefined) {
    const wrongSide = side === 'buy' ? stopPrice >= entryPrice : stopPrice <= entryPrice;
    if (wrongSide)
      issues.push({
        path: 'stopPrice',
        value: stopPrice,
        expected: `a price ${side === 'buy' ? 'below' : 'above'} the entry ${entryPrice} for a ${side}`,
      });
    return stopPrice;
  }
  if (atr === undefined) {
    issues.push({ path: 'stopPrice', expected: 'a stop price, or atr (with atrMultiple) to place it' });
    return NaN;
  }
  const raw = side === 'buy' ? entryPrice - atr * atrMultiple : entryPrice + atr * atrMultiple;
  const stop = tickSize ? roundToTick(raw, tickSize, side === 'buy' ? 'down' : 'up') : raw;
  if (!(stop > 0))
    issues.push({
      path: 'atr',
      value: atr,
      expected: `an ATR × ${atrMultiple} below the entry ${entryPrice} (the stop would be ${stop})`,
    });
  return stop;
}

export function sizePosition(input: SizingInput): SizingResult {
  const issues: FieldIssue[] = [];
  if ((input.riskPercent === undefined) === (input.riskAmount === undefined))
    issues.push({
      path: 'riskPercent',
      value: input.riskPercent,
      expected: 'either riskPercent or riskAmount (exactly one)',
    });
  const stopPrice = stopOf(input, issues);
  if (issues.length > 0) throw validationError(issues, 'sizing input');

  const lotSize = input.lotSize ?? 1;
  const marginRate = input.marginRate ?? 1;
  const stopDistance = Math.abs(input.entryPrice - stopPrice);
  const riskBudget = input.riskAmount ?? (input.capital * input.riskPercent!) / 100;
  const rawQty = riskBudget / stopDistance;
  let qty = roundToLot(rawQty, lotSize);
  let limitedBy: SizingResult['limitedBy'] = 'risk';
  if (input.maxPositionValue !== undefined) {
    const cap = roundToLot(input.maxPositionValue / input.entryPrice, lotSize);
    if (cap < qty) [qty, limitedBy] = [cap, 'max_position_value'];
  }
  if (input.availableFunds !== undefined) {
    const cap = roundToLot(input.availableFunds / (input.entryPrice * marginRate), lotSize);
    if (cap < qty) [qty, limitedBy] = [cap, 'funds'];
  }
  const positionValue = qty * input.entryPrice;
  // Amounts to the paisa for display; the quantity decision above used the unrounded figures.
  return {
    stopPrice,
    stopDistance: Math.round(stopDistance * 1e4) / 1e4,
    riskBudget: roundToPaise(riskBudget),
    rawQty: Math.round(rawQty * 1e4) / 1e4,
    qty,
    lots: qty / lotSize,
    riskAtStop: roundToPaise(qty * stopDistance),
    positionValue: roundToPaise(positionValue),
    marginNeeded: roundToPaise(positionValue * marginRate),
    limitedBy,
  };
}
