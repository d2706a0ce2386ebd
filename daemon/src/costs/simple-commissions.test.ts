import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../core/instrument';
import { sumCosts, ZERO_COSTS, type ChargeableFill } from './cost-model';
import { flatCommission, noCosts, percentCommission } from './simple-commissions';

const fill = (side: 'buy' | 'sell', qty: number, price: number): ChargeableFill => ({
  side,
  qty,
  price,
  instrument: equityInstrument('INFY'),
  time: Date.UTC(2025, 0, 6, 4),
});

describe('simple commission models', () => {
  it('percent: 0.1% of |qty|·price on entry and exit, as brokerage, not rounded', () => {
    const m = percentCommission(0.001);
    // 100 × 1010.05 = 101,005 → 0.1% = 101.005, kept to the fraction of a paisa
    expect(m.charges(fill('buy', 100, 1010.05))).toEqual({
      ...ZERO_COSTS,
      brokerage: 100 * 0.001 * 1010.05,
      total: 100 * 0.001 * 1010.05,
    });
    expect(m.charges(fill('buy', 100, 1010.05)).total).toBeCloseTo(101.005, 12);
    // a sell with a negative quantity is charged on its absolute value: 3 × 333.33 = 999.99
    expect(m.charges(fill('sell', -3, 333.33)).brokerage).toBeCloseTo(0.99999, 12);
    expect(m.name).toBe('percent:0.001');
  });

  it('percent: computed as |qty|·rate·price, bit for bit the order engines use', () => {
    // Rounding each fill to the paisa would book 0.01 here (half a paisa up) and 0 below.
    expect(percentCommission(0.0035).charges(fill('buy', 1, 1.5)).brokerage).toBe(1 * 0.0035 * 1.5);
    expect(percentCommission(0.0035).charges(fill('buy', 1, 1.42)).brokerage).toBe(1 * 0.0035 * 1.42);
  });

  it('flat: the same rupees on every fill', () => {
    const m = flatCommission(20);
    expect(m.charges(fill('buy', 1, 10)).total).toBe(20);
    expect(m.charges(fill('sell', 5000, 3000)).brokerage).toBe(20);
  });

  it('none: zero on every component', () => {
    expect(noCosts().charges(fill('sell', 10, 100))).toEqual(ZERO_COSTS);
  });

  it('sums breakdowns exactly in paise', () => {
    const a = flatCommission(0.1).charges(fill('buy', 1, 100));
    const b = flatCommission(0.2).charges(fill('buy', 1, 200));
    expect(sumCosts(a, b).brokerage).toBe(0.3); // not 0.30000000000000004
    expect(sumCosts(a, b).total).toBe(0.3);
  });

  it('percent: every charge equals rate × value to float precision and total = brokerage', () => {
    const arb = fc.tuple(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: 10_000_000 }), // price in paise
      fc.constantFrom(0.001, 0.0003, 0.0005, 0.00025, 0.002),
    );
    fc.assert(
      fc.property(arb, ([qty, pricePaise, rate]) => {
        const c = percentCommission(rate).charges(fill('buy', qty, pricePaise / 100));
        const exact = (qty * pricePaise * rate) / 100;
        expect(Math.abs(c.brokerage - exact)).toBeLessThanOrEqual(exact * 1e-15);
        expect(c.total).toBe(c.brokerage);
      }),
    );
  });

  it('rejects bad parameters and fills with messages naming them', () => {
    expect(() => percentCommission(-0.1)).toThrow('commission.rate: got -0.1');
    expect(() => percentCommission(NaN)).toThrow('commission.rate: got NaN');
    expect(() => flatCommission(-20)).toThrow('commission.perOrder: got -20');
    expect(() => noCosts().charges(fill('buy', NaN, 10))).toThrow('fill.qty: got NaN');
    expect(() => noCosts().charges(fill('buy', 1, -5))).toThrow('fill.price: got -5');
  });
});
