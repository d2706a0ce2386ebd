// Charges as a contract note shows them. A contract note covers one trading day; we draw one per
// IST date and exchange and add them up. Within a note:
//   brokerage       per executed order (each fill), summed
//   exchange, SEBI, IPFT   on the note's total turnover, rounded to the paisa
//   STT             on the note's buy and sell turnover at their rates, rounded to whole rupees
//   stamp duty      on the note's buy turnover, rounded to whole rupees
//   GST             18% of (brokerage + exchange + SEBI + IPFT), rounded to the paisa
//   DP              once per scrip with delivery sells that day, plus its GST
// Dhan rounds STT and stamp duty to whole rupees and everything else to 2 decimals; whether per
// order, per scrip or per note is not documented (india-market.md §3), so we round once per note,
// which reproduces the fact sheet's worked example. The per-fill model (india-costs.ts) cannot
// know the day's other fills, so it rounds every component of each order to the paisa instead.
import { istMidnight } from '../core/time';
import {
  breakdownFromPaise,
  sumCosts,
  turnoverPaise,
  ZERO_COSTS,
  type ChargeableFill,
  type CostBreakdown,
} from './cost-model';
import { applyRate, applyRatesRounded } from './exact-rate';
import type { IndiaProduct } from './india-rates';
import type { IndiaRates } from './india-schedule';
import { brokeragePaise } from './india-order-charges';

const RUPEE = 100;

function noteCharges(
  fills: readonly ChargeableFill[],
  product: IndiaProduct,
  rates: IndiaRates,
): CostBreakdown {
  let buyValue = 0;
  let sellValue = 0;
  let brokerage = 0;
  const scripsSold = new Set<string>();
  for (const f of fills) {
    const value = turnoverPaise(f);
    brokerage += brokeragePaise(rates.brokerage, value);
    if (f.side === 'buy') buyValue += value;
    else {
      sellValue += value;
      scripsSold.add(f.instrument.symbol);
    }
  }
  const total = buyValue + sellValue;
  const exchange = applyRate(total, rates.exchange);
  const sebi = applyRate(total, rates.sebi);
  const ipft = applyRate(total, rates.ipft);
  const dp = product === 'delivery' ? scripsSold.size * rates.dpPaise : 0;
  const stt = applyRatesRounded(
    [
      [buyValue, rates.sttBuy],
      [sellValue, rates.sttSell],
    ],
    RUPEE,
  );
  return breakdownFromPaise({
    brokerage,
    stt,
    exchange,
    sebi,
    ipft,
    stamp: applyRatesRounded([[buyValue, rates.stampBuy]], RUPEE),
    gst: applyRate(brokerage + exchange + sebi + ipft, rates.gst) + applyRate(dp, rates.gst),
    dp,
  });
}

/** Groups fills into notes (IST date × exchange) and sums the notes' charges. */
export function indiaContractNote(
  fills: readonly ChargeableFill[],
  product: IndiaProduct,
  ratesFor: (fill: ChargeableFill) => IndiaRates,
): CostBreakdown {
  const notes = new Map<string, ChargeableFill[]>();
  for (const f of fills) {
    const key = `${istMidnight(f.time)}:${f.instrument.exchange}`;
    const note = notes.get(key);
    if (note) note.push(f);
    else notes.set(key, [f]);
  }
  let result: CostBreakdown = { ...ZERO_COSTS };
  for (const note of notes.values())
    result = sumCosts(result, noteCharges(note, product, ratesFor(note[0]!)));
  return result;
}
