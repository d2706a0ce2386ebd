// runBacktest as the job system calls it: spec validation, windows, several symbols, progress
// and cancellation.
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { istTime } from '../core/time';
import { flatSeries, makeSeries, randomWalk } from '../../../test/fixtures/engine/bars';
import { runScript } from '../../../test/fixtures/engine/scripted';
import { runBacktest } from './backtest';

const bars = (...series: ReturnType<typeof randomWalk>[]) => new Map(series.map((s) => [s.symbol, s]));

function validation(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
  throw new Error('expected a validation error');
}

describe('runBacktest', () => {
  const walk = randomWalk(300, 5, { symbol: 'AAA' });

  it('sizes and checks orders with each symbol’s instrument from the instrument master', () => {
    const fut = flatSeries([100, 100, 100, 100], { symbol: 'NIFTY-FUT' });
    const eq = flatSeries([100, 100, 100, 100], { symbol: 'INFY' });
    const spec = {
      instruments: {
        'NIFTY-FUT': { lotSize: 75, tickSize: 0.1, freezeQty: 1800, segment: 'NSE_FNO', kind: 'future' },
      },
    } as const;
    const r = runScript(
      [fut, eq],
      (ctx, i) => {
        if (i !== 0) return;
        ctx.buy(100); // not whole lots of 75 for the future; fine for the share
        if (ctx.symbol === 'NIFTY-FUT') {
          ctx.buy(150);
          ctx.buy(1875); // 25 lots: above the freeze quantity
          ctx.buyLimit(75, 100.07); // rounded down to the 0.1 tick: 100.0
        }
      },
      spec,
    );
    const orders = r.orders.toArray().map((o) => [o.symbol, o.qty, o.status, o.reason, o.limitPrice]);
    expect(orders).toEqual([
      ['NIFTY-FUT', 100, 'rejected', 'invalid_quantity', NaN],
      ['NIFTY-FUT', 150, 'filled', undefined, NaN],
      ['NIFTY-FUT', 1875, 'rejected', 'above_freeze_quantity', NaN],
      ['NIFTY-FUT', 75, 'filled', undefined, 100],
      ['INFY', 100, 'filled', undefined, NaN],
    ]);
    // `instrument` overrides apply over the master's values, to every symbol
    const lots = runScript(fut, (ctx, i) => i === 0 && void ctx.buy(100), {
      ...spec,
      instrument: { lotSize: 50 },
    });
    expect(lots.orders.at(0)).toMatchObject({ status: 'filled' });
    expect(
      validation(() =>
        runScript(fut, () => {}, { instruments: { X: { lotSize: 0, segment: 'MCX' } } } as never),
      ),
    ).toMatch(/instruments\.X\.lotSize: got 0.*instruments\.X\.segment: got "MCX"/);
  });

  it('reports every bad spec field with its value and expectation', () => {
    const message = validation(() =>
      runBacktest({ strategy: 'sma-cross', cash: -1, product: 'margin', extra: 1 }, bars(walk)),
    );
    expect(message).toContain('cash: got -1, expected a number > 0');
    expect(message).toContain('product: got "margin", expected one of "delivery", "intraday"');
    expect(message).toContain('extra: got 1, expected a known field');
    expect(validation(() => runBacktest({ strategy: 'sma-cross', symbols: ['ZZZ'] }, bars(walk)))).toContain(
      'symbols: got "ZZZ", expected one of the loaded series (AAA)',
    );
    expect(
      validation(() => runBacktest({ strategy: 'sma-cross', from: '2025-02-30' }, bars(walk))),
    ).toContain('from: got "2025-02-30"');
  });

  it('trades only inside from/to, with warm-up bars before from feeding the indicators', () => {
    const from = walk.time[100]!;
    const to = walk.time[199]!;
    const plain = runBacktest(
      { strategy: 'sma-cross', params: { fast: 3, slow: 8 }, from, to: to + 1 },
      bars(walk),
    );
    expect(plain.stats.bars).toBe(100);
    expect(plain.stats.startTime).toBe(from);
    expect(plain.stats.endTime).toBe(to);
    const warmed = runBacktest(
      { strategy: 'sma-cross', params: { fast: 3, slow: 8 }, from, to: to + 1, warmupBars: 50 },
      bars(walk),
    );
    expect(warmed.stats.bars).toBe(100);
    expect(warmed.barsProcessed).toBe(150);
    for (const o of warmed.orders.toArray()) expect(o.createdTime).toBeGreaterThanOrEqual(from);
  });

  it('uses IST calendar days for date bounds, both inclusive', () => {
    const daily = flatSeries([1, 2, 3, 4, 5], { symbol: 'D', start: istTime('2025-01-01', 9, 15) });
    const r = runBacktest({ strategy: 'buy-and-hold', from: '2025-01-02', to: '2025-01-04' }, bars(daily));
    expect(r.stats.bars).toBe(3);
  });

  it('runs several symbols on one timeline with shared cash', () => {
    const a = makeSeries(
      [
        [100, 100, 100, 100],
        [101, 101, 101, 101],
        [102, 102, 102, 102],
      ],
      { symbol: 'A' },
    );
    // B has no bar on the second day
    const b = makeSeries(
      [
        [50, 50, 50, 50],
        [52, 52, 52, 52],
      ],
      { symbol: 'B' },
    );
    b.time[1] = a.time[2]!;
    const r = runScript(
      [a, b],
      (ctx, i) => {
        if (i === 0) ctx.buy(10);
      },
      { cash: 1600 },
    );
    // A: 10 @ 101 on day 2 (cash 1600 → 590). B: 10 @ 52 would need 520 ≤ 590 → filled on day 3.
    expect(r.orders.toArray().map((o) => [o.symbol, o.status, o.price])).toEqual([
      ['A', 'filled', 101],
      ['B', 'filled', 52],
    ]);
    expect(r.stats.bars).toBe(3);
    expect(r.finalValue).toBe(1600 - 1010 - 520 + 10 * 102 + 10 * 52);
    // equal-weight buy-and-hold index: A 102/100, B 52/50
    expect(r.stats.benchmarkReturn).toBeCloseTo((1.02 + 1.04) / 2 - 1, 12);
  });

  it('reports progress every 65,536 bars and stops when asked', () => {
    const long = randomWalk(200_000, 9, { symbol: 'L', step: 60_000, timeframe: '1m' });
    const seen: number[] = [];
    runBacktest({ strategy: 'buy-and-hold' }, bars(long), { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBe(4); // 65,536, 131,072, 196,608 and the end
    expect(seen[seen.length - 1]).toBe(1);
    let polls = 0;
    const stop = () =>
      runBacktest({ strategy: 'buy-and-hold' }, bars(long), { shouldCancel: () => ++polls === 2 });
    expect(stop).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });
});
