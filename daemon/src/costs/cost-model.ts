// What a cost model is: given one executed order (a fill), the charges on it, component by
// component: an exact number of paise for contract-note models (Indian charges, flat fees); the
// percentage commission is kept unrounded (simple-commissions.ts). The engine books these.
import { validationError } from '../core/errors';
import type { FillCosts } from '../core/fill';
import type { Instrument } from '../core/instrument';
import { toPaise } from '../core/money';

export type Side = 'buy' | 'sell';

export interface ChargeableFill {
  side: Side;
  /** Units traded (shares, or option/future units = lots × lot size); the sign is ignored. */
  qty: number;
  /** Price per unit in rupees (the premium, for options). */
  price: number;
  instrument: Instrument;
  /** Epoch ms of the fill; selects the dated rates in force that day (IST). */
  time: number;
}

/**
 * Charges in rupees (whole paise, except the unrounded percentage commission); `total` is the
 * sum of the others. The shape is core's FillCosts: a Fill carries its costs, and the core cannot
 * import this domain.
 */
export type CostBreakdown = FillCosts;

export interface CostModel {
  name: string;
  charges(fill: ChargeableFill): CostBreakdown;
}

export type CostComponent = Exclude<keyof CostBreakdown, 'total'>;
export const COST_COMPONENTS: readonly CostComponent[] = [
  'brokerage',
  'stt',
  'exchange',
  'sebi',
  'ipft',
  'stamp',
  'gst',
  'dp',
];

/** Components in integer paise; `total` is derived, so it cannot disagree with them. */
export type PaiseComponents = Record<CostComponent, number>;

export const ZERO_PAISE: Readonly<PaiseComponents> = Object.freeze({
  brokerage: 0,
  stt: 0,
  exchange: 0,
  sebi: 0,
  ipft: 0,
  stamp: 0,
  gst: 0,
  dp: 0,
});

/** Builds a breakdown from integer paise; every rupee figure is then exact to the paisa. */
export function breakdownFromPaise(p: Readonly<PaiseComponents>): CostBreakdown {
  let total = 0;
  for (const c of COST_COMPONENTS) total += p[c];
  return {
    brokerage: p.brokerage / 100,
    stt: p.stt / 100,
    exchange: p.exchange / 100,
    sebi: p.sebi / 100,
    ipft: p.ipft / 100,
    stamp: p.stamp / 100,
    gst: p.gst / 100,
    dp: p.dp / 100,
    total: total / 100,
  };
}

export const ZERO_COSTS: Readonly<CostBreakdown> = Object.freeze(breakdownFromPaise(ZERO_PAISE));

/** Component-wise sum, computed in paise so that summing many fills never picks up float noise. */
export function sumCosts(a: CostBreakdown, b: CostBreakdown): CostBreakdown {
  const p = { ...ZERO_PAISE };
  for (const c of COST_COMPONENTS) p[c] = toPaise(a[c]) + toPaise(b[c]);
  return breakdownFromPaise(p);
}

/** Traded value |qty|·price in integer paise. */
export function turnoverPaise(fill: ChargeableFill): number {
  return toPaise(Math.abs(fill.qty) * fill.price);
}

/** Rejects fills no cost model can price, naming the field (a NaN price would cost NaN). */
export function checkFill(fill: ChargeableFill): void {
  // Every backtest fill passes here twice (acceptance and fill): a sound one allocates nothing.
  const { side, qty, price, time } = fill;
  if (
    (side === 'buy' || side === 'sell') &&
    Number.isFinite(qty) &&
    qty !== 0 &&
    Number.isFinite(price) &&
    price >= 0 &&
    Number.isFinite(time)
  )
    return;
  const issues = [];
  if (fill.side !== 'buy' && fill.side !== 'sell')
    issues.push({ path: 'fill.side', value: fill.side, expected: "'buy' or 'sell'" });
  if (!Number.isFinite(fill.qty) || fill.qty === 0)
    issues.push({ path: 'fill.qty', value: fill.qty, expected: 'a finite non-zero number of units' });
  if (!Number.isFinite(fill.price) || fill.price < 0)
    issues.push({ path: 'fill.price', value: fill.price, expected: 'a finite price >= 0' });
  if (!Number.isFinite(fill.time))
    issues.push({ path: 'fill.time', value: fill.time, expected: 'epoch milliseconds' });
  if (issues.length) throw validationError(issues, 'fill');
}
