// The Indian transaction-cost model (Dhan as broker): each fill is one executed order, and every
// component is computed from the exact turnover in paise and rounded to the paisa on its own.
//   brokerage  per executed order (Dhan: delivery 0, intraday/futures min(₹20, 0.03%), options ₹20)
//   stt        on the buy and/or sell side, by product
//   exchange   exchange transaction charge on turnover (NSE or BSE rate)
//   sebi       SEBI turnover fee;  ipft  NSE Investor Protection Fund levy
//   stamp      stamp duty, buy side only
//   gst        18% of brokerage + exchange + SEBI + IPFT (+ 18% of the DP charge)
//   dp         DP charge on delivery sells (charged on every delivery sell fill — see contract-note.ts
//              for the once-per-scrip-per-day version)
import { validationError } from '../core/errors';
import type { Exchange } from '../core/instrument';
import {
  breakdownFromPaise,
  checkFill,
  type ChargeableFill,
  type CostBreakdown,
  type CostModel,
} from './cost-model';
import { indiaContractNote } from './india-contract-note';
import { orderCharges } from './india-order-charges';
import { INDIA_PRODUCTS, type IndiaProduct } from './india-rates';
import { indiaSchedule, ratesAt, type IndiaRates } from './india-schedule';

export interface IndiaCostOptions {
  /** Forces the exchange's rates; by default each fill's instrument.exchange decides. */
  exchange?: Exchange;
  broker?: 'dhan';
}

export interface IndiaCostModel extends CostModel {
  readonly product: IndiaProduct;
  /** Charges of one day's fills as a contract note shows them (STT and stamp in whole rupees). */
  contractNote(fills: readonly ChargeableFill[]): CostBreakdown;
  /** The exact rates in force for a fill (for reports and docs). */
  ratesFor(fill: Pick<ChargeableFill, 'instrument' | 'time'>): IndiaRates;
}

function checkOptions(product: IndiaProduct, options: IndiaCostOptions): void {
  const issues = [];
  if (!INDIA_PRODUCTS.includes(product))
    issues.push({ path: 'costs.product', value: product, expected: `one of ${INDIA_PRODUCTS.join(', ')}` });
  if (options.exchange !== undefined && options.exchange !== 'NSE' && options.exchange !== 'BSE')
    issues.push({ path: 'costs.exchange', value: options.exchange, expected: "'NSE' or 'BSE'" });
  if (options.broker !== undefined && options.broker !== 'dhan')
    issues.push({ path: 'costs.broker', value: options.broker, expected: "'dhan'" });
  if (issues.length) throw validationError(issues, 'cost model');
}

export function indiaCosts(product: IndiaProduct, options: IndiaCostOptions = {}): IndiaCostModel {
  checkOptions(product, options);
  const schedules: Record<Exchange, IndiaRates[]> = {
    NSE: indiaSchedule(product, 'NSE'),
    BSE: indiaSchedule(product, 'BSE'),
  };
  const ratesFor = (fill: Pick<ChargeableFill, 'instrument' | 'time'>): IndiaRates =>
    ratesAt(schedules[options.exchange ?? fill.instrument.exchange], fill.time);
  return {
    name: `india-${product}`,
    product,
    ratesFor,
    charges(fill: ChargeableFill): CostBreakdown {
      checkFill(fill);
      return breakdownFromPaise(orderCharges(ratesFor(fill), product, fill));
    },
    contractNote(fills: readonly ChargeableFill[]): CostBreakdown {
      fills.forEach(checkFill);
      return indiaContractNote(fills, product, ratesFor);
    },
  };
}
