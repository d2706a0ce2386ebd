// Properties every cost model must have, on random fills across products, exchanges and dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../core/instrument';
import { toPaise } from '../core/money';
import { istTime } from '../core/time';
import { COST_COMPONENTS, sumCosts, type ChargeableFill, type CostBreakdown } from './cost-model';
import { costModelByName } from './cost-model-by-name';
import { indiaCosts } from './india-costs';
import { INDIA_PRODUCTS } from './india-rates';

const isWholePaise = (x: number) => Number.isInteger(toPaise(x)) && toPaise(x) / 100 === x;
const paise = (c: CostBreakdown) => COST_COMPONENTS.map((k) => toPaise(c[k]));

const fillArb: fc.Arbitrary<ChargeableFill> = fc
  .record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    qty: fc.integer({ min: 1, max: 50_000 }),
    pricePaise: fc.integer({ min: 5, max: 10_000_000 }),
    symbol: fc.constantFrom('A', 'B', 'C'),
    exchange: fc.constantFrom('NSE' as const, 'BSE' as const),
    day: fc.integer({ min: 0, max: 3 * 365 }),
    minute: fc.integer({ min: 0, max: 375 }),
  })
  .map((r) => ({
    side: r.side,
    qty: r.qty,
    price: r.pricePaise / 100,
    instrument: equityInstrument(r.symbol, { exchange: r.exchange }),
    time: istTime('2024-06-01', 9, 15) + r.day * 86_400_000 + r.minute * 60_000,
  }));

const modelNames = ['none', 'percent:0.001', 'flat:20', ...INDIA_PRODUCTS.map((p) => `india-${p}`)];

describe('cost model properties', () => {
  it('every component ≥ 0, whole paise, and total = sum of components exactly', () => {
    fc.assert(
      fc.property(fc.constantFrom(...modelNames), fillArb, (name, f) => {
        const c = costModelByName(name).charges(f);
        for (const k of COST_COMPONENTS) expect(c[k]).toBeGreaterThanOrEqual(0);
        // The percentage commission is deliberately unrounded (simple-commissions.ts).
        if (name.startsWith('percent:')) {
          expect(c.total).toBe(c.brokerage);
          return;
        }
        for (const k of COST_COMPONENTS) expect(isWholePaise(c[k])).toBe(true);
        expect(isWholePaise(c.total)).toBe(true);
        expect(toPaise(c.total)).toBe(paise(c).reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('india: buy-only and sell-only components stay on their side', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INDIA_PRODUCTS), fillArb, (product, f) => {
        const c = indiaCosts(product).charges(f);
        if (f.side === 'sell') expect(c.stamp).toBe(0);
        if (f.side === 'buy' && product !== 'delivery') expect(c.stt).toBe(0);
        if (f.side === 'buy' || product !== 'delivery') expect(c.dp).toBe(0);
        if (f.instrument.exchange === 'BSE') expect(c.ipft).toBe(0);
      }),
    );
  });

  it('india contract notes: STT and stamp in whole rupees, close to the per-order sums', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INDIA_PRODUCTS),
        fc.array(fillArb, { minLength: 1, maxLength: 8 }),
        (product, fills) => {
          const model = indiaCosts(product);
          const note = model.contractNote(fills);
          const perOrder = fills.map((f) => model.charges(f)).reduce(sumCosts);
          expect(toPaise(note.stt) % 100).toBe(0);
          expect(toPaise(note.stamp) % 100).toBe(0);
          expect(toPaise(note.total)).toBe(paise(note).reduce((a, b) => a + b, 0));
          // Notes round once per (day, exchange); orders once per fill: at most a rupee (STT, stamp)
          // or a paisa (others) apart per note and per fill.
          const n = fills.length;
          expect(Math.abs(note.stt - perOrder.stt)).toBeLessThanOrEqual(0.5 * n + 0.005 * n + 1e-9);
          expect(Math.abs(note.exchange - perOrder.exchange)).toBeLessThanOrEqual(0.005 * 2 * n + 1e-9);
          expect(note.brokerage).toBe(perOrder.brokerage);
          expect(note.dp).toBeLessThanOrEqual(perOrder.dp);
        },
      ),
    );
  });

  it('sumCosts is exact and commutative in paise', () => {
    fc.assert(
      fc.property(fillArb, fillArb, (a, b) => {
        const m = indiaCosts('intraday');
        const ab = sumCosts(m.charges(a), m.charges(b));
        expect(ab).toEqual(sumCosts(m.charges(b), m.charges(a)));
        expect(paise(ab)).toEqual(paise(m.charges(a)).map((x, i) => x + paise(m.charges(b))[i]!));
      }),
    );
  });
});
