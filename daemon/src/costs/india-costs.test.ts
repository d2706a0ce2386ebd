// Hand-computed contract-note examples. Every figure below is worked out in the comment from the
// rates in india-market.md §3; amounts are rupees, values are price × quantity.
import { describe, expect, it } from 'vitest';
import { equityInstrument, type Instrument } from '../core/instrument';
import { istTime } from '../core/time';
import { ZERO_COSTS, type ChargeableFill, type Side } from './cost-model';
import { indiaCosts } from './india-costs';

const RELIANCE = equityInstrument('RELIANCE');
const NIFTY_FUT = equityInstrument('NIFTY-FUT', { segment: 'NSE_FNO', kind: 'future', lotSize: 75 });
const NIFTY_CE = equityInstrument('NIFTY-22500-CE', { segment: 'NSE_FNO', kind: 'option', lotSize: 65 });
const SENSEX_CE = equityInstrument('SENSEX-80000-CE', {
  exchange: 'BSE',
  segment: 'BSE_FNO',
  kind: 'option',
});
const SENSEX_FUT = equityInstrument('SENSEX-FUT', { exchange: 'BSE', segment: 'BSE_FNO', kind: 'future' });
const BSE_STOCK = equityInstrument('SBIN', { exchange: 'BSE', segment: 'BSE_EQ' });

const fill = (
  instrument: Instrument,
  side: Side,
  qty: number,
  price: number,
  date: string,
  hh = 10,
): ChargeableFill => ({
  side,
  qty,
  price,
  instrument,
  time: istTime(date, hh, 0),
});

const costs = (c: Partial<typeof ZERO_COSTS>) => ({ ...ZERO_COSTS, ...c });

describe('india costs: the worked check (intraday, NSE)', () => {
  // Buy 100 @ 1000 (B = 100,000), sell 100 @ 1010 (S = 101,000), same day.
  const buy = fill(RELIANCE, 'buy', 100, 1000, '2025-01-06');
  const sell = fill(RELIANCE, 'sell', 100, 1010, '2025-01-06', 14);
  const model = indiaCosts('intraday');

  it('contract note reproduces the fact sheet exactly', () => {
    // brokerage  min(20, 0.03%·100,000 = 30) + min(20, 0.03%·101,000 = 30.30) = 40
    // STT        0.025%·101,000 = 25.25 → whole rupees: 25
    // exchange   0.00297%·201,000 = 5.9697 → 5.97
    // SEBI       0.0001%·201,000 = 0.201 → 0.20;   IPFT  0.0001%·201,000 → 0.20
    // stamp      0.003%·100,000 = 3 → 3
    // GST        18%·(40 + 5.97 + 0.20 + 0.20 = 46.37) = 8.3466 → 8.35
    // total      40 + 25 + 5.97 + 0.20 + 0.20 + 3 + 8.35 = 82.72
    expect(model.contractNote([buy, sell])).toEqual(
      costs({
        brokerage: 40,
        stt: 25,
        exchange: 5.97,
        sebi: 0.2,
        ipft: 0.2,
        stamp: 3,
        gst: 8.35,
        total: 82.72,
      }),
    );
  });

  it('per order, each component is rounded to the paisa on its own', () => {
    // buy:  brokerage 20; exchange 2.97; SEBI 0.10; IPFT 0.10; stamp 3.00;
    //       GST 18%·(20 + 2.97 + 0.10 + 0.10 = 23.17) = 4.1706 → 4.17; total 30.34
    expect(model.charges(buy)).toEqual(
      costs({ brokerage: 20, exchange: 2.97, sebi: 0.1, ipft: 0.1, stamp: 3, gst: 4.17, total: 30.34 }),
    );
    // sell: brokerage 20; STT 25.25; exchange 0.00297%·101,000 = 2.9997 → 3.00; SEBI 0.101 → 0.10;
    //       IPFT 0.10; GST 18%·(20 + 3 + 0.10 + 0.10 = 23.20) = 4.176 → 4.18; total 52.63
    expect(model.charges(sell)).toEqual(
      costs({ brokerage: 20, stt: 25.25, exchange: 3, sebi: 0.1, ipft: 0.1, gst: 4.18, total: 52.63 }),
    );
  });
});

describe('india costs: delivery (NSE, bought one day, sold the next)', () => {
  // Buy 50 @ 1234.50 (B = 61,725) on 6 Jan 2025; sell 50 @ 1260.25 (S = 63,012.50) on 7 Jan.
  const buy = fill(RELIANCE, 'buy', 50, 1234.5, '2025-01-06');
  const sell = fill(RELIANCE, 'sell', 50, 1260.25, '2025-01-07');
  const model = indiaCosts('delivery');

  it('contract notes of both days', () => {
    // day 1: STT 0.1%·61,725 = 61.725 → 62; exchange 0.00297%·61,725 = 1.8332 → 1.83;
    //        SEBI 0.0617 → 0.06; IPFT 0.06; stamp 0.015%·61,725 = 9.25875 → 9;
    //        GST 18%·(0 + 1.83 + 0.06 + 0.06 = 1.95) = 0.351 → 0.35;  note total 73.30
    // day 2: STT 0.1%·63,012.50 = 63.0125 → 63; exchange 1.8715 → 1.87; SEBI 0.06; IPFT 0.06;
    //        DP 12.50; GST 18%·1.99 = 0.3582 → 0.36, + 18%·12.50 = 2.25 → 2.61;  note total 80.10
    expect(model.contractNote([buy])).toEqual(
      costs({ stt: 62, exchange: 1.83, sebi: 0.06, ipft: 0.06, stamp: 9, gst: 0.35, total: 73.3 }),
    );
    expect(model.contractNote([buy, sell])).toEqual(
      costs({ stt: 125, exchange: 3.7, sebi: 0.12, ipft: 0.12, stamp: 9, gst: 2.96, dp: 12.5, total: 153.4 }),
    );
  });

  it('per order: paise, not rupees, for STT and stamp; DP on the sell', () => {
    // buy:  STT 61.725 → 61.73; stamp 9.25875 → 9.26; total 61.73 + 1.83 + 0.06 + 0.06 + 9.26 + 0.35 = 73.29
    expect(model.charges(buy)).toEqual(
      costs({ stt: 61.73, exchange: 1.83, sebi: 0.06, ipft: 0.06, stamp: 9.26, gst: 0.35, total: 73.29 }),
    );
    // sell: STT 63.0125 → 63.01; total 63.01 + 1.87 + 0.06 + 0.06 + 12.50 + 2.61 = 80.11
    expect(model.charges(sell)).toEqual(
      costs({ stt: 63.01, exchange: 1.87, sebi: 0.06, ipft: 0.06, gst: 2.61, dp: 12.5, total: 80.11 }),
    );
  });

  it('DP: once per scrip per day on the note, on every sell fill per order', () => {
    const s1 = fill(RELIANCE, 'sell', 10, 1000, '2025-01-07', 10);
    const s2 = fill(RELIANCE, 'sell', 10, 1000, '2025-01-07', 11);
    const other = fill(equityInstrument('INFY'), 'sell', 10, 1000, '2025-01-07', 12);
    expect(model.contractNote([s1, s2]).dp).toBe(12.5);
    expect(model.contractNote([s1, s2, other]).dp).toBe(25);
    expect(model.charges(s1).dp + model.charges(s2).dp).toBe(25);
  });
});

describe('india costs: futures (NSE), before and after the 1 Apr 2026 STT change', () => {
  // Buy 75 @ 22,500 (B = 1,687,500), sell 75 @ 22,600 (S = 1,695,000), same day.
  const trades = (date: string) => [
    fill(NIFTY_FUT, 'buy', 75, 22500, date),
    fill(NIFTY_FUT, 'sell', 75, 22600, date, 14),
  ];
  const model = indiaCosts('futures');

  it('on 16 Mar 2026 (STT 0.02%)', () => {
    // brokerage min(20, 506.25) + min(20, 508.50) = 40; STT 0.02%·1,695,000 = 339
    // exchange 0.00173%·3,382,500 = 58.51725 → 58.52; SEBI 3.3825 → 3.38; IPFT 3.38
    // stamp 0.002%·1,687,500 = 33.75 → 34; GST 18%·(40 + 58.52 + 3.38 + 3.38 = 105.28) = 18.9504 → 18.95
    // total 40 + 339 + 58.52 + 3.38 + 3.38 + 34 + 18.95 = 497.23
    expect(model.contractNote(trades('2026-03-16'))).toEqual(
      costs({
        brokerage: 40,
        stt: 339,
        exchange: 58.52,
        sebi: 3.38,
        ipft: 3.38,
        stamp: 34,
        gst: 18.95,
        total: 497.23,
      }),
    );
  });

  it('on 6 Apr 2026 (STT 0.05%)', () => {
    // STT 0.05%·1,695,000 = 847.50 → 848 (half up); the rest unchanged: total 497.23 − 339 + 848 = 1,006.23
    expect(model.contractNote(trades('2026-04-06'))).toEqual(
      costs({
        brokerage: 40,
        stt: 848,
        exchange: 58.52,
        sebi: 3.38,
        ipft: 3.38,
        stamp: 34,
        gst: 18.95,
        total: 1006.23,
      }),
    );
    expect(model.charges(trades('2026-04-06')[1]!).stt).toBe(847.5);
  });

  it('switches rates at IST midnight starting 1 Apr 2026', () => {
    const at = (time: number) => model.charges({ ...trades('2026-03-31')[1]!, time }).stt;
    expect(at(istTime('2026-03-31', 23, 59))).toBe(339);
    expect(at(istTime('2026-04-01', 0, 0))).toBe(847.5);
    // Fills before the first dated entry (1 Oct 2024) use the earliest rates we hold.
    expect(at(istTime('2020-01-01', 10))).toBe(339);
  });
});

describe('india costs: options (NSE premium turnover), before and after 1 Apr 2026', () => {
  // Buy 65 @ 120.50 (B = 7,832.50), sell 65 @ 135.25 (S = 8,791.25), same day.
  const trades = (date: string) => [
    fill(NIFTY_CE, 'buy', 65, 120.5, date),
    fill(NIFTY_CE, 'sell', 65, 135.25, date, 14),
  ];
  const model = indiaCosts('options');

  it('on 16 Mar 2026 (STT 0.1% of sell premium)', () => {
    // brokerage 20 + 20 = 40 (flat); STT 0.1%·8,791.25 = 8.79125 → 9
    // exchange 0.03503%·16,623.75 = 5.8233 → 5.82; SEBI 0.0166 → 0.02; IPFT 0.0005%·16,623.75 = 0.0831 → 0.08
    // stamp 0.003%·7,832.50 = 0.235 → 0 rupees; GST 18%·(40 + 5.82 + 0.02 + 0.08 = 45.92) = 8.2656 → 8.27
    // total 40 + 9 + 5.82 + 0.02 + 0.08 + 0 + 8.27 = 63.19
    expect(model.contractNote(trades('2026-03-16'))).toEqual(
      costs({ brokerage: 40, stt: 9, exchange: 5.82, sebi: 0.02, ipft: 0.08, gst: 8.27, total: 63.19 }),
    );
  });

  it('on 6 Apr 2026 (STT 0.15%)', () => {
    // STT 0.15%·8,791.25 = 13.186875 → 13; total 63.19 − 9 + 13 = 67.19
    expect(model.contractNote(trades('2026-04-06')).stt).toBe(13);
    expect(model.contractNote(trades('2026-04-06')).total).toBe(67.19);
  });
});

describe('india costs: BSE', () => {
  it('options (Sensex) on 6 Apr 2026', () => {
    // Buy 20 @ 300 (B = 6,000), sell 20 @ 310.40 (S = 6,208).
    // brokerage 40; STT 0.15%·6,208 = 9.312 → 9; exchange 0.0325%·12,208 = 3.9676 → 3.97;
    // SEBI 0.0122 → 0.01; IPFT none on BSE; stamp 0.003%·6,000 = 0.18 → 0;
    // GST 18%·(40 + 3.97 + 0.01 = 43.98) = 7.9164 → 7.92; total 40 + 9 + 3.97 + 0.01 + 7.92 = 60.90
    const notes = indiaCosts('options').contractNote([
      fill(SENSEX_CE, 'buy', 20, 300, '2026-04-06'),
      fill(SENSEX_CE, 'sell', 20, 310.4, '2026-04-06', 14),
    ]);
    expect(notes).toEqual(
      costs({ brokerage: 40, stt: 9, exchange: 3.97, sebi: 0.01, gst: 7.92, total: 60.9 }),
    );
  });

  it('delivery buy, with a half paisa rounding up', () => {
    // Buy 10 @ 500 (B = 5,000): STT 5; exchange 0.00375%·5,000 = 0.1875 → 0.19; SEBI 0.005 → 0.01;
    // stamp 0.015%·5,000 = 0.75 → 1 rupee; GST 18%·0.20 = 0.036 → 0.04; total 6.24
    const b = fill(BSE_STOCK, 'buy', 10, 500, '2025-06-02');
    expect(indiaCosts('delivery').contractNote([b])).toEqual(
      costs({ stt: 5, exchange: 0.19, sebi: 0.01, stamp: 1, gst: 0.04, total: 6.24 }),
    );
  });

  it('futures carry no BSE exchange charge', () => {
    // Buy 30 @ 80,000 (B = 2,400,000): brokerage min(20, 720) = 20; exchange 0; SEBI 2.40;
    // stamp 0.002% = 48; GST 18%·22.40 = 4.032 → 4.03; total 74.43 (note and order agree)
    const b = fill(SENSEX_FUT, 'buy', 30, 80000, '2025-06-02');
    const expected = costs({ brokerage: 20, sebi: 2.4, stamp: 48, gst: 4.03, total: 74.43 });
    expect(indiaCosts('futures').charges(b)).toEqual(expected);
    expect(indiaCosts('futures').contractNote([b])).toEqual(expected);
  });

  it('the exchange option forces BSE rates on an NSE instrument', () => {
    const b = fill(RELIANCE, 'buy', 100, 1000, '2025-01-06');
    expect(indiaCosts('intraday', { exchange: 'BSE' }).charges(b).exchange).toBe(3.75);
    expect(indiaCosts('intraday').charges(b).exchange).toBe(2.97);
  });
});

describe('india costs: bad input', () => {
  it('names the parameter, the value and what was expected', () => {
    expect(() => indiaCosts('swing' as never)).toThrow(
      'costs.product: got "swing", expected one of delivery, intraday, futures, options',
    );
    expect(() => indiaCosts('delivery', { exchange: 'MCX' as never })).toThrow('costs.exchange: got "MCX"');
    expect(() => indiaCosts('delivery').charges(fill(RELIANCE, 'buy', 1, NaN, '2025-01-06'))).toThrow(
      'fill.price: got NaN',
    );
  });
});
