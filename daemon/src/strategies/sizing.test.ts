import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../core/instrument';
import { atrRiskSize, fixedQuantity, percentOfEquity, riskPerTrade, roundToLot } from './sizing';

const stock = equityInstrument('TCS');
const nifty = equityInstrument('NIFTY25JANFUT', { kind: 'future', segment: 'NSE_FNO', lotSize: 75 });

describe('sizing', () => {
  it('rounds down to whole lots', () => {
    expect(roundToLot(149, 75)).toBe(75);
    expect(roundToLot(150, 75)).toBe(150);
    expect(roundToLot(0.3 * 1000, 1)).toBe(300); // 299.99999999999994 in floating point
    expect(roundToLot(-5, 1)).toBe(0);
    expect(fixedQuantity(100, nifty)).toBe(75);
  });

  it('percent of equity', () => {
    expect(percentOfEquity(1_000_000, 10, 3_333, stock)).toBe(30); // 100,000 / 3,333 = 30.003
    expect(percentOfEquity(10_000_000, 50, 23_000, nifty)).toBe(150); // 217.39 units → 2 lots
    expect(percentOfEquity(1_000, 10, 0, stock)).toBe(0);
  });

  it('fixed risk per trade from a stop distance or ATR', () => {
    // risk 1 % of 1,000,000 = 10,000; stop 25 away → 400 shares
    expect(riskPerTrade(1_000_000, 1, 25, stock)).toBe(400);
    // 2 × ATR 12.5 = 25 away → same
    expect(atrRiskSize(1_000_000, 1, 12.5, 2, stock)).toBe(400);
    // 10,000 / 40 = 250 units → 3 lots of 75 = 225
    expect(riskPerTrade(1_000_000, 1, 40, nifty)).toBe(225);
    expect(riskPerTrade(1_000_000, 1, 0, stock)).toBe(0);
  });
});
