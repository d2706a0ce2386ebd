import { describe, expect, it } from 'vitest';
import { sizePosition } from './position-sizing';

describe('position sizing', () => {
  it('risks the budget at the stop: ₹10,000 over a ₹10 stop is 1,000 shares', () => {
    // 1 % of ₹10,00,000 = ₹10,000; entry 500, stop 490 → ₹10 a share.
    expect(
      sizePosition({ side: 'buy', capital: 1_000_000, riskPercent: 1, entryPrice: 500, stopPrice: 490 }),
    ).toEqual({
      stopPrice: 490,
      stopDistance: 10,
      riskBudget: 10_000,
      rawQty: 1000,
      qty: 1000,
      lots: 1000,
      riskAtStop: 10_000,
      positionValue: 500_000,
      marginNeeded: 500_000,
      limitedBy: 'risk',
    });
  });

  it('rounds down to whole lots and places an ATR stop on the tick', () => {
    // Stop 2.5 × ATR 4.02 = 10.05 below 500 → 489.95; ₹10,000 / 10.05 = 995.02 → 13 lots of 75 = 975.
    const r = sizePosition({
      side: 'buy',
      capital: 1_000_000,
      riskPercent: 1,
      entryPrice: 500,
      atr: 4.02,
      atrMultiple: 2.5,
      lotSize: 75,
      tickSize: 0.05,
    });
    expect(r).toMatchObject({ stopPrice: 489.95, qty: 975, lots: 13, riskAtStop: 9798.75 });
  });

  it('a short puts the stop above, and caps by value and by the funds the margin needs', () => {
    const base = {
      side: 'sell' as const,
      capital: 1_000_000,
      riskAmount: 10_000,
      entryPrice: 500,
      stopPrice: 510,
    };
    expect(sizePosition({ ...base, maxPositionValue: 300_000 })).toMatchObject({
      qty: 600,
      limitedBy: 'max_position_value',
    });
    // Intraday margin 20 %: ₹50,000 of funds carries 50,000 / (500 × 0.2) = 500 shares.
    expect(sizePosition({ ...base, marginRate: 0.2, availableFunds: 50_000 })).toMatchObject({
      qty: 500,
      marginNeeded: 50_000,
      limitedBy: 'funds',
    });
  });

  it('names the stop on the wrong side, and a risk given twice or not at all', () => {
    expect(() =>
      sizePosition({ side: 'buy', capital: 1e6, riskPercent: 1, entryPrice: 500, stopPrice: 505 }),
    ).toThrow('stopPrice: got 505, expected a price below the entry 500 for a buy');
    expect(() =>
      sizePosition({
        side: 'buy',
        capital: 1e6,
        riskPercent: 1,
        riskAmount: 5,
        entryPrice: 500,
        stopPrice: 490,
      }),
    ).toThrow('expected either riskPercent or riskAmount (exactly one)');
    expect(() => sizePosition({ side: 'buy', capital: 1e6, riskPercent: 1, entryPrice: 500 })).toThrow(
      'stopPrice: got missing, expected a stop price, or atr (with atrMultiple) to place it',
    );
  });
});
