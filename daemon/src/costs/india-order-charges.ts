// One executed order's Indian charges, in integer paise, each component rounded on its own.
import { turnoverPaise, type ChargeableFill, type PaiseComponents } from './cost-model';
import { applyRate } from './exact-rate';
import type { IndiaProduct } from './india-rates';
import type { IndiaRates, ResolvedBrokerage } from './india-schedule';

/** Brokerage in paise for one executed order of `valuePaise`. */
export function brokeragePaise(b: ResolvedBrokerage, valuePaise: number): number {
  if (b.kind === 'flat') return b.paise;
  return Math.min(b.capPaise, applyRate(valuePaise, b.rate));
}

/** Every component of one order, in paise, each rounded on its own. */
export function orderCharges(
  rates: IndiaRates,
  product: IndiaProduct,
  fill: ChargeableFill,
): PaiseComponents {
  const value = turnoverPaise(fill);
  const buy = fill.side === 'buy';
  const brokerage = brokeragePaise(rates.brokerage, value);
  const exchange = applyRate(value, rates.exchange);
  const sebi = applyRate(value, rates.sebi);
  const ipft = applyRate(value, rates.ipft);
  const dp = product === 'delivery' && !buy ? rates.dpPaise : 0;
  return {
    brokerage,
    stt: applyRate(value, buy ? rates.sttBuy : rates.sttSell),
    exchange,
    sebi,
    ipft,
    stamp: buy ? applyRate(value, rates.stampBuy) : 0,
    gst: applyRate(brokerage + exchange + sebi + ipft, rates.gst) + applyRate(dp, rates.gst),
    dp,
  };
}
