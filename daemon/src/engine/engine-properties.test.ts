// Property tests over random bars and random order flow: the books always balance, equity is
// cash plus positions at market on every bar, fills stay inside their bar, and identical input
// gives identical output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import { randomWalk } from '../../../test/fixtures/engine/bars';
import { runScript, type Script } from '../../../test/fixtures/engine/scripted';
import type { BacktestSpec } from './backtest-spec';
import { bookedPaise, bookedRupees } from './booked-amount';

const KINDS = [
  'buy',
  'sell',
  'buyLimit',
  'sellLimit',
  'buyStop',
  'sellStop',
  'stopLimit',
  'trail',
  'bracket',
  'close',
  'cancel',
] as const;
type Action = { bar: number; kind: (typeof KINDS)[number]; qty: number; offset: number };
type Scenario = {
  seed: number;
  bars: number;
  actions: Action[];
  intraday: boolean;
  costs: string;
  cash: number;
};

const action = fc.record({
  bar: fc.nat(149),
  kind: fc.constantFrom(...KINDS),
  qty: fc.integer({ min: 1, max: 40 }),
  offset: fc.integer({ min: -30, max: 30 }),
});

const scenario: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  bars: fc.integer({ min: 5, max: 150 }),
  actions: fc.array(action, { maxLength: 40 }),
  intraday: fc.boolean(),
  costs: fc.constantFrom('none', 'percent:0.001', 'flat:20', 'india-delivery', 'india-intraday'),
  cash: fc.constantFrom(2_000, 20_000, 1_000_000),
});

function perform(ctx: Parameters<Script>[0], a: Action): void {
  const c = ctx.bar.close;
  const d = a.offset / 10;
  switch (a.kind) {
    case 'buy':
      ctx.buy(a.qty);
      break;
    case 'sell':
      ctx.sell(a.qty);
      break;
    case 'buyLimit':
      ctx.buyLimit(a.qty, c + d);
      break;
    case 'sellLimit':
      ctx.sellLimit(a.qty, c + d);
      break;
    case 'buyStop':
      ctx.buyStop(a.qty, c + d);
      break;
    case 'sellStop':
      ctx.sellStop(a.qty, c + d);
      break;
    case 'stopLimit':
      ctx.buyStopLimit(a.qty, c + Math.abs(d), c + d);
      break;
    case 'trail':
      ctx.trailingStop(a.offset > 0 ? 'buy' : 'sell', a.qty, { amount: 0.5 + Math.abs(d) });
      break;
    case 'bracket':
      ctx.bracket({
        side: a.offset >= 0 ? 'buy' : 'sell',
        qty: a.qty,
        stopLoss: { offset: 1 + Math.abs(d) },
        target: { percent: 2 },
      });
      break;
    case 'close':
      ctx.close();
      break;
    case 'cancel': {
      const open = ctx.openOrders();
      if (open.length) ctx.cancel(open[0]!);
      break;
    }
  }
}

function actionsByBar(actions: readonly Action[]): Map<number, Action[]> {
  const byBar = new Map<number, Action[]>();
  for (const a of actions) byBar.set(a.bar, [...(byBar.get(a.bar) ?? []), a]);
  return byBar;
}

function run(s: Scenario) {
  const intradayBars = { start: istTime('2025-01-06', 9, 15), step: 5 * 60_000, timeframe: '5m' };
  const series = randomWalk(s.bars, s.seed, s.intraday ? intradayBars : {});
  const byBar = actionsByBar(s.actions);
  const seen: { cash: number; qty: number; close: number }[] = [];
  const equity: number[] = [];
  const spec: Partial<BacktestSpec> = {
    cash: s.cash,
    costs: s.costs,
    product: s.intraday ? 'intraday' : 'delivery',
  };
  const result = runScript(
    series,
    (ctx, i) => {
      // The strategy's view of cash and position is final for its bar: its own orders fill later.
      seen.push({ cash: ctx.portfolio.cash, qty: ctx.position.qty, close: ctx.bar.close });
      for (const a of byBar.get(i) ?? []) perform(ctx, a);
    },
    spec,
    undefined,
    { onEquity: (_t, e) => equity.push(e) },
  );
  return { series, result, seen, equity };
}

describe('engine properties', () => {
  it('books balance: cash and positions replayed from the fills match the engine', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { series, result, seen } = run(s);
        const times = Array.from(series.time);
        // Replays the ledger as booked-amount.ts books it (whole paise exact, fractions kept).
        let paise = bookedPaise(s.cash);
        let position = 0;
        const filled = result.orders
          .toArray()
          .filter((o) => o.status === 'filled')
          .sort((a, b) => a.time - b.time || a.id - b.id);
        for (const o of filled) {
          const value = bookedPaise(o.qty * o.price);
          paise += (o.side === 'buy' ? -value : value) - bookedPaise(o.costs);
          position += o.side === 'buy' ? o.qty : -o.qty;
          // fills happen after creation, inside the fill bar's range
          if (o.tag === 'square-off') expect(o.time).toBe(o.createdTime);
          else expect(o.time).toBeGreaterThan(o.createdTime);
          const k = times.indexOf(o.time);
          expect(o.price).toBeGreaterThanOrEqual(series.low[k]! - 1e-9);
          expect(o.price).toBeLessThanOrEqual(series.high[k]! + 1e-9);
        }
        expect(result.cash).toBe(paise / 100);
        expect(result.positions.reduce((q, p) => q + p.qty, 0)).toBe(position);
        const last = series.close[series.length - 1]!;
        expect(result.finalValue).toBe(bookedRupees(result.cash + position * last));
        // Without shorting or leverage, cash never goes negative.
        if (!s.intraday) for (const v of seen) expect(v.cash).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });

  it('equity is cash plus positions at the close on every bar', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { series, seen, equity } = run(s);
        expect(equity).toHaveLength(series.length);
        equity.forEach((e, i) => expect(e).toBe(seen[i]!.cash + seen[i]!.qty * seen[i]!.close));
      }),
      { numRuns: 100 },
    );
  });

  it('closed trades plus the open position account for the whole change in value', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { result } = run(s);
        const trades = result.trades.toArray();
        const closed = trades.reduce((sum, t) => sum + t.netPnl, 0);
        const open = result.positions.reduce((sum, p) => sum + p.unrealizedPnl + p.realizedPnl, 0);
        const allCosts = result.orders
          .toArray()
          .filter((o) => o.status === 'filled')
          .reduce((sum, o) => sum + o.costs, 0);
        const openCosts = allCosts - trades.reduce((sum, t) => sum + t.costs, 0);
        expect(openCosts).toBeCloseTo(
          result.positions.reduce((sum, p) => sum + p.costs, 0),
          6,
        );
        // each trade's PnL and costs are rounded to the paisa when booked
        const tolerance = 0.02 * (trades.length + result.positions.length + 1);
        expect(Math.abs(result.finalValue - s.cash - (closed + open - openCosts))).toBeLessThanOrEqual(
          tolerance,
        );
      }),
      {
        numRuns: 150,
        // A reversal (short 1, then buy 20) whose costs must split between two trades exactly.
        examples: [
          [
            {
              seed: 1,
              bars: 33,
              actions: [
                { bar: 31, kind: 'buy', qty: 20, offset: 0 },
                { bar: 0, kind: 'sell', qty: 1, offset: 0 },
              ],
              intraday: true,
              costs: 'india-delivery',
              cash: 2000,
            },
          ],
        ],
      },
    );
  });

  it('identical input gives identical output', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = run(s).result;
        const b = run(s).result;
        expect(b.orders.toArray()).toEqual(a.orders.toArray());
        expect(b.trades.toArray()).toEqual(a.trades.toArray());
        expect(b.stats).toEqual(a.stats);
        expect(Array.from(b.equity.value)).toEqual(Array.from(a.equity.value));
      }),
      { numRuns: 50 },
    );
  });
});
