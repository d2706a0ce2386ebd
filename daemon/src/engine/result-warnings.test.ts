// Results that do not mislead: rejected orders are counted by reason, and statistics from a short
// sample, or from a run whose orders were refused, say so in stats.warnings.
import { describe, expect, it } from 'vitest';
import { makeSeries } from '../../../test/fixtures/engine/bars';
import { runScript } from '../../../test/fixtures/engine/scripted';

const bars = (n: number) =>
  makeSeries(
    Array.from(
      { length: n },
      (_, i) => [100 + i, 102 + i, 99 + i, 101 + i] as [number, number, number, number],
    ),
  );

describe('result warnings', () => {
  it('counts rejected orders by reason and explains them', () => {
    // 1,000 rupees buy 1 share a bar at ~100: from the 10th bar on cash runs out.
    const r = runScript(bars(40), (ctx) => void ctx.buy(1), { cash: 1000 });
    const rejected = r.orders.toArray().filter((o) => o.status === 'rejected').length;
    expect(rejected).toBeGreaterThan(20);
    expect(r.stats.ordersRejected).toBe(rejected);
    expect(r.stats.rejections).toEqual({ insufficient_cash: rejected });
    expect(r.stats.warnings).toContain(`${rejected} orders rejected: insufficient cash`);
  });

  it('names every reason with its count', () => {
    // A short sale on a delivery account is refused once; then cash runs out as above.
    const r = runScript(bars(40), (ctx, i) => void (i === 0 ? ctx.sell(1) : ctx.buy(1)), { cash: 1000 });
    const cash = r.stats.rejections.insufficient_cash!;
    expect(r.stats.rejections).toEqual({ insufficient_cash: cash, short_not_allowed: 1 });
    expect(r.stats.warnings).toContain(
      `${cash + 1} orders rejected: ${cash} insufficient cash, 1 short not allowed`,
    );
  });

  it('warns when the statistics rest on fewer than 30 return observations', () => {
    const short = runScript(bars(12), () => undefined);
    expect(short.stats.bars).toBe(12);
    expect(short.stats.warnings).toEqual([
      'statistics from 12 return observations (fewer than 30): Sharpe, Sortino, volatility, alpha and beta are not reliable',
    ]);
    expect(runScript(bars(30), () => undefined).stats.warnings).toEqual([]);
    expect(runScript(bars(30), () => undefined).stats.ordersRejected).toBe(0);
  });
});
