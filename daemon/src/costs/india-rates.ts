// Indian statutory charges and Dhan's brokerage, as dated data. Rates are percent strings exactly
// as published ('0.00297' = 0.00297% of turnover) and are parsed into exact fractions when a
// model is built. Each table is a list of {effectiveFrom, rates} in date order; a fill uses the
// last entry whose effectiveFrom (an IST date) is on or before the fill's IST date, and fills
// before the first entry use the first entry (older rates are not modelled).
//
// Source: ../shared/reference/india-market.md §3 (exchange charges since 1 Oct 2024 under SEBI's
// flat-rate rule; STT since 1 Oct 2024; F&O STT raised from 1 Apr 2026 by Budget 2026; stamp duty
// since 1 Jul 2020). To add a change, append an entry with the new effectiveFrom — never edit an
// entry in place, or backtests of older periods would silently change. See docs/costs.md.
import type { Exchange } from '../core/instrument';

export type IndiaProduct = 'delivery' | 'intraday' | 'futures' | 'options';
export const INDIA_PRODUCTS: readonly IndiaProduct[] = ['delivery', 'intraday', 'futures', 'options'];

/** Percent-of-turnover rates charged by the exchange and the state (turnover = premium for options). */
export interface StatutoryRates {
  sttBuy: string;
  sttSell: string;
  exchange: string;
  sebi: string;
  /** NSE's Investor Protection Fund Trust levy; BSE charges none. */
  ipft: string;
  /** Stamp duty, buy side only. */
  stampBuy: string;
}

export interface Dated<T> {
  /** IST date (YYYY-MM-DD) from which `rates` apply. */
  effectiveFrom: string;
  rates: T;
}

const SEBI = '0.0001'; // ₹10 per crore, every segment

const NSE_DELIVERY: StatutoryRates = {
  sttBuy: '0.1',
  sttSell: '0.1',
  exchange: '0.00297',
  sebi: SEBI,
  ipft: '0.0001',
  stampBuy: '0.015',
};
const NSE_INTRADAY: StatutoryRates = {
  sttBuy: '0',
  sttSell: '0.025',
  exchange: '0.00297',
  sebi: SEBI,
  ipft: '0.0001',
  stampBuy: '0.003',
};
const NSE_FUTURES: StatutoryRates = {
  sttBuy: '0',
  sttSell: '0.02',
  exchange: '0.00173',
  sebi: SEBI,
  ipft: '0.0001',
  stampBuy: '0.002',
};
// IPFT on options is 0.0005% of premium per the fact sheet, flagged there as uncertain.
const NSE_OPTIONS: StatutoryRates = {
  sttBuy: '0',
  sttSell: '0.1',
  exchange: '0.03503',
  sebi: SEBI,
  ipft: '0.0005',
  stampBuy: '0.003',
};

// BSE: same taxes (STT, stamp, SEBI), its own exchange charges (A/B groups for equity; Sensex and
// Bankex options), no IPFT.
const BSE_DELIVERY: StatutoryRates = { ...NSE_DELIVERY, exchange: '0.00375', ipft: '0' };
const BSE_INTRADAY: StatutoryRates = { ...NSE_INTRADAY, exchange: '0.00375', ipft: '0' };
const BSE_FUTURES: StatutoryRates = { ...NSE_FUTURES, exchange: '0', ipft: '0' };
const BSE_OPTIONS: StatutoryRates = { ...NSE_OPTIONS, exchange: '0.0325', ipft: '0' };

// Budget 2026 (announced 1 Feb 2026): STT on futures 0.02% → 0.05%, on options premium 0.1% → 0.15%.
const FNO_STT_2026 = '2026-04-01';

export const STATUTORY_RATES: Record<IndiaProduct, Record<Exchange, readonly Dated<StatutoryRates>[]>> = {
  delivery: {
    NSE: [{ effectiveFrom: '2024-10-01', rates: NSE_DELIVERY }],
    BSE: [{ effectiveFrom: '2024-10-01', rates: BSE_DELIVERY }],
  },
  intraday: {
    NSE: [{ effectiveFrom: '2024-10-01', rates: NSE_INTRADAY }],
    BSE: [{ effectiveFrom: '2024-10-01', rates: BSE_INTRADAY }],
  },
  futures: {
    NSE: [
      { effectiveFrom: '2024-10-01', rates: NSE_FUTURES },
      { effectiveFrom: FNO_STT_2026, rates: { ...NSE_FUTURES, sttSell: '0.05' } },
    ],
    BSE: [
      { effectiveFrom: '2024-10-01', rates: BSE_FUTURES },
      { effectiveFrom: FNO_STT_2026, rates: { ...BSE_FUTURES, sttSell: '0.05' } },
    ],
  },
  options: {
    NSE: [
      { effectiveFrom: '2024-10-01', rates: NSE_OPTIONS },
      { effectiveFrom: FNO_STT_2026, rates: { ...NSE_OPTIONS, sttSell: '0.15' } },
    ],
    BSE: [
      { effectiveFrom: '2024-10-01', rates: BSE_OPTIONS },
      { effectiveFrom: FNO_STT_2026, rates: { ...BSE_OPTIONS, sttSell: '0.15' } },
    ],
  },
};

/** GST on services (brokerage, exchange charge, SEBI fee, IPFT, DP charge); none on STT or stamp. */
export const GST_RATES: readonly Dated<{ gst: string }>[] = [
  { effectiveFrom: '2017-07-01', rates: { gst: '18' } },
];

/** Brokerage per executed order: a flat fee, or a percentage capped at a fee, in rupees. */
export type Brokerage =
  { kind: 'flat'; rupees: string } | { kind: 'percent-capped'; percent: string; capRupees: string };

export interface BrokerTariff {
  brokerage: Record<IndiaProduct, Brokerage>;
  /** Depository charge per scrip per day on which delivery shares are sold, before GST. */
  dpRupees: string;
}

export const DHAN_TARIFF: readonly Dated<BrokerTariff>[] = [
  {
    effectiveFrom: '2024-10-01',
    rates: {
      brokerage: {
        delivery: { kind: 'flat', rupees: '0' },
        intraday: { kind: 'percent-capped', percent: '0.03', capRupees: '20' },
        futures: { kind: 'percent-capped', percent: '0.03', capRupees: '20' },
        options: { kind: 'flat', rupees: '20' },
      },
      dpRupees: '12.50',
    },
  },
];
