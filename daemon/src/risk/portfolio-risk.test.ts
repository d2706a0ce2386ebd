// Portfolio figures against values worked out by hand (the comments show the arithmetic).
import { describe, expect, it } from 'vitest';
import { alignReturns, betaToIndex, historicalTailRisk, scenarioPnl } from './historical-var';
import { exposureReport, intradayDrawdown } from './portfolio-exposure';
import { parseProfile } from './profile-validation';
import { softBreaches } from './soft-limits';

describe('exposure', () => {
  const report = exposureReport(
    [
      { symbol: 'A', qty: 100, price: 100, sector: 'Banks' },
      { symbol: 'C', qty: 10, price: 500 },
      { symbol: 'B', qty: -50, price: 100, sector: 'IT' },
      { symbol: 'Z', qty: 0, price: 900, sector: 'IT' },
    ],
    40_000,
  );

  it('adds up gross, net, long and short, and leverage against capital', () => {
    // long 10,000 + 5,000; short 5,000; gross 20,000 over capital 40,000.
    expect(report).toMatchObject({
      gross: 20_000,
      net: 10_000,
      long: 15_000,
      short: 5_000,
      openPositions: 3,
      leverage: 0.5,
    });
  });

  it('ranks symbols by size and measures concentration', () => {
    expect(report.bySymbol.map((s) => [s.symbol, s.value, s.weight])).toEqual([
      ['A', 10_000, 0.5],
      ['B', -5_000, 0.25],
      ['C', 5_000, 0.25],
    ]);
    // Herfindahl: 0.5² + 0.25² + 0.25² = 0.375; the largest is 10,000 / 40,000 = 25 % of capital.
    expect(report.concentration).toEqual({ symbol: 'A', weight: 0.5, herfindahl: 0.375 });
    expect(report.largestPercentOfCapital).toBe(25);
  });

  it('groups by sector where it is known', () => {
    expect(report.bySector).toEqual([
      { sector: 'Banks', gross: 10_000, net: 10_000, weight: 0.5 },
      { sector: 'IT', gross: 5_000, net: -5_000, weight: 0.25 },
    ]);
    expect(report.unclassifiedGross).toBe(5_000);
  });

  it('has no leverage without a capital figure', () => {
    expect(exposureReport([{ symbol: 'A', qty: 1, price: 1 }], NaN).leverage).toBeNull();
  });
});

describe('intraday drawdown', () => {
  it('is the fall from the peak of the day, the day starting at zero', () => {
    // Peak 300; now 100 → 200 down; the worst fall was 300 → −50 = 350.
    expect(intradayDrawdown([100, 300, 150, 200, -50, 100])).toEqual({
      peak: 300,
      current: 100,
      drawdown: 200,
      maxDrawdown: 350,
    });
    expect(intradayDrawdown([-100, -40])).toEqual({ peak: 0, current: -40, drawdown: 40, maxDrawdown: 100 });
  });
});

describe('historical VaR, expected shortfall and beta', () => {
  // A long ₹10,000, B short ₹5,000 through five days of returns:
  //   P&L = 10,000·rA − 5,000·rB = [0, −250, 350, −100, −100]
  const rA = [0.01, -0.02, 0.03, -0.01, 0];
  const rB = [0.02, 0.01, -0.01, 0, 0.02];
  const pnl = scenarioPnl([10_000, -5_000], [rA, rB]);

  it('revalues the positions on each past day', () => {
    expect(pnl.map((p) => Math.round(p * 1e6) / 1e6)).toEqual([0, -250, 350, -100, -100]);
  });

  it('takes the k-th largest loss as VaR and the mean of the k largest as ES', () => {
    // Losses, largest first: 250, 100, 100, 0, −350. At 95 %: k = ceil(5 × 0.05) = 1.
    expect(historicalTailRisk(pnl, 0.95)).toMatchObject({
      valueAtRisk: 250,
      expectedShortfall: 250,
      tailDays: 1,
    });
    // At 60 %: k = 2 → VaR 100, ES (250 + 100) / 2 = 175.
    const r = historicalTailRisk(pnl, 0.6)!;
    expect(r.valueAtRisk).toBeCloseTo(100, 9);
    expect(r.expectedShortfall).toBeCloseTo(175, 9);
  });

  it('uses 3 tail days of 250 at 99 %, and ES is never below VaR', () => {
    const days = Array.from({ length: 250 }, (_, i) => ((i * 37) % 101) - 50);
    const r = historicalTailRisk(days, 0.99)!;
    expect(r.tailDays).toBe(3);
    // The three largest losses are 50, 50, 50 (values −50 occur three times).
    expect(r).toMatchObject({ valueAtRisk: 50, expectedShortfall: 50, observations: 250 });
    expect(historicalTailRisk(days, 0.95)!.expectedShortfall).toBeGreaterThanOrEqual(
      historicalTailRisk(days, 0.95)!.valueAtRisk,
    );
  });

  it('measures beta to the index from the same days', () => {
    // Index returns with mean 0; mean P&L −20. Σ(p − p̄)(m − m̄) = 0.2 + 2.3 + 7.4 + 0 + 1.6 = 11.5;
    // Σ(m − m̄)² = 0.001 → ₹11,500 per unit of index return; net value 5,000 → beta 2.3.
    const b = betaToIndex(pnl, [0.01, -0.01, 0.02, 0, -0.02], 5_000)!;
    expect(b.betaExposure).toBeCloseTo(11_500, 6);
    expect(b.beta).toBeCloseTo(2.3, 9);
    expect(b.observations).toBe(5);
    expect(betaToIndex(pnl, [0, 0, 0, 0, 0], 5_000)).toBeNull();
  });

  it('aligns closes on the days every series has', () => {
    const aligned = alignReturns([
      { days: [1, 2, 3, 4], closes: [100, 110, 99, 99] },
      { days: [1, 3, 4], closes: [50, 55, 44] },
    ]);
    expect(aligned.days).toEqual([3, 4]);
    // Series 1 from day 1 to 3: 99 / 100 − 1; then 3 → 4: 0. Series 2: 55/50 − 1, 44/55 − 1.
    expect(aligned.returns[0]!.map((r) => Math.round(r * 1e9) / 1e9)).toEqual([-0.01, 0]);
    expect(aligned.returns[1]!.map((r) => Math.round(r * 1e9) / 1e9)).toEqual([0.1, -0.2]);
  });
});

describe('soft limits', () => {
  it('raises a warning for each figure above its soft limit, resolving shares of capital', () => {
    const doc = parseProfile({ extends: 'moderate', soft: { maxLeverage: 1.5, maxVar99: '4%' } });
    const breaches = softBreaches(
      doc,
      { maxGrossExposure: 1_700_000, maxLeverage: 1.5, maxVar99: 40_001, maxConcentrationPercent: 10 },
      1_000_000,
    );
    expect(breaches.map((b) => [b.key, b.limit, b.value])).toEqual([
      ['maxGrossExposure', 1_600_000, 1_700_000],
      ['maxVar99', 40_000, 40_001],
    ]);
    expect(breaches[0]!.message).toBe(
      'soft limit maxGrossExposure: sum of |position values| ₹17,00,000 is above 160% of capital (₹16,00,000)',
    );
  });
});
