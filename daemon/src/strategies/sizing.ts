// Position sizing helpers. Every result is a whole number of lots (F&O quantities must be lot
// multiples; cash equity has lot size 1), rounded down so a size never exceeds its budget.
import type { Instrument } from '../core/instrument';

/** Rounds a quantity down to a multiple of the lot size (never negative). */
export function roundToLot(qty: number, lotSize: number): number {
  if (!(qty > 0) || !(lotSize > 0)) return 0;
  // The epsilon absorbs float noise such as 299.99999999999994 for an exact 300.
  return Math.floor(qty / lotSize + 1e-9) * lotSize;
}

/** A fixed quantity, rounded down to the lot size. */
export function fixedQuantity(qty: number, instrument: Instrument): number {
  return roundToLot(qty, instrument.lotSize);
}

/** As many units as `percent` % of equity buys at `price`. */
export function percentOfEquity(
  equity: number,
  percent: number,
  price: number,
  instrument: Instrument,
): number {
  if (!(price > 0)) return 0;
  return roundToLot((equity * percent) / 100 / price, instrument.lotSize);
}

/**
 * Fixed fractional risk: the quantity whose loss at the stop is `riskPercent` % of equity,
 * i.e. equity · risk% / stop distance (rupees per unit).
 */
export function riskPerTrade(
  equity: number,
  riskPercent: number,
  stopDistance: number,
  instrument: Instrument,
): number {
  if (!(stopDistance > 0)) return 0;
  return roundToLot((equity * riskPercent) / 100 / stopDistance, instrument.lotSize);
}

/** Risk sizing with the stop `multiple` ATRs away (e.g. 2 × ATR(14)). */
export function atrRiskSize(
  equity: number,
  riskPercent: number,
  atrValue: number,
  multiple: number,
  instrument: Instrument,
): number {
  return riskPerTrade(equity, riskPercent, atrValue * multiple, instrument);
}
