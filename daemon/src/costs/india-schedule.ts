// Resolves the dated tables of india-rates.ts into one timeline per product and exchange: for
// every date on which any of its rates changes, the full set of exact rates in force from then.
import type { Exchange } from '../core/instrument';
import { toPaise } from '../core/money';
import { istTime } from '../core/time';
import { percent, type ExactRate } from './exact-rate';
import {
  DHAN_TARIFF,
  GST_RATES,
  STATUTORY_RATES,
  type Brokerage,
  type Dated,
  type IndiaProduct,
} from './india-rates';

export type ResolvedBrokerage =
  { kind: 'flat'; paise: number } | { kind: 'percent-capped'; rate: ExactRate; capPaise: number };

export interface IndiaRates {
  /** Epoch ms (IST midnight of effectiveFrom) from which these apply. */
  from: number;
  effectiveFrom: string;
  sttBuy: ExactRate;
  sttSell: ExactRate;
  exchange: ExactRate;
  sebi: ExactRate;
  ipft: ExactRate;
  stampBuy: ExactRate;
  gst: ExactRate;
  brokerage: ResolvedBrokerage;
  /** DP charge per scrip per day of delivery sales, before GST. */
  dpPaise: number;
}

/** The entry of a dated list in force on IST date `date` (the first entry for earlier dates). */
export function entryOn<T>(list: readonly Dated<T>[], date: string): T {
  let found = list[0]!;
  for (const e of list) if (e.effectiveFrom <= date) found = e;
  return found.rates;
}

function resolveBrokerage(b: Brokerage): ResolvedBrokerage {
  return b.kind === 'flat'
    ? { kind: 'flat', paise: toPaise(Number(b.rupees)) }
    : { kind: 'percent-capped', rate: percent(b.percent), capPaise: toPaise(Number(b.capRupees)) };
}

/** Every change date for (product, exchange) with the full rate set from that date on. */
export function indiaSchedule(product: IndiaProduct, exchange: Exchange): IndiaRates[] {
  const statutory = STATUTORY_RATES[product][exchange];
  const dates = [...new Set([...statutory, ...GST_RATES, ...DHAN_TARIFF].map((e) => e.effectiveFrom))].sort();
  return dates.map((date) => {
    const s = entryOn(statutory, date);
    const tariff = entryOn(DHAN_TARIFF, date);
    return {
      from: istTime(date),
      effectiveFrom: date,
      sttBuy: percent(s.sttBuy),
      sttSell: percent(s.sttSell),
      exchange: percent(s.exchange),
      sebi: percent(s.sebi),
      ipft: percent(s.ipft),
      stampBuy: percent(s.stampBuy),
      gst: percent(entryOn(GST_RATES, date).gst),
      brokerage: resolveBrokerage(tariff.brokerage[product]),
      dpPaise: toPaise(Number(tariff.dpRupees)),
    };
  });
}

/** The rates in force at `time` (epoch ms); times before the first entry get the first entry. */
export function ratesAt(schedule: readonly IndiaRates[], time: number): IndiaRates {
  let found = schedule[0]!;
  for (const r of schedule) if (r.from <= time) found = r;
  return found;
}
