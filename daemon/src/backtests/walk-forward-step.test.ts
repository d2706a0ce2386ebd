import { describe, expect, it } from 'vitest';
import type { ChildRow } from './parent-store';
import type { ParentRow } from './plan-children';
import { walkForwardStep } from './walk-forward-step';

const DAY = 86_400_000;

const parent: ParentRow = {
  id: 1,
  ownerId: 9,
  kind: 'walk-forward',
  strategyId: null,
  strategyVersion: null,
  initialCash: '100000.00',
  rankBy: 'sharpe',
  spec: {
    base: {
      strategy: 'sma-cross',
      params: {},
      symbols: ['X'],
      timeframe: '1d',
      from: 0,
      to: 400 * DAY,
      warmupBars: 0,
      cash: 100_000,
      costs: 'none',
      slippage: 'none',
      product: 'delivery',
      riskFreeRate: 0,
    },
    grid: { fast: [3, 5] },
    train: 200,
    test: 100,
  },
  plan: {
    folds: [
      { fold: 0, train: { from: 0, to: 200 * DAY }, test: { from: 200 * DAY, to: 300 * DAY } },
      { fold: 1, train: { from: 100 * DAY, to: 300 * DAY }, test: { from: 300 * DAY, to: 400 * DAY } },
    ],
  },
  range: { from: 0, to: 400 * DAY },
};

let ids = 10;
function child(role: string, fold: number, status: ChildRow['status'], fast = 3, value = 1): ChildRow {
  return {
    id: ids++,
    status,
    role,
    fold,
    point: fast === 3 ? 0 : 1,
    values: { fast },
    params: { fast, slow: 30, size: 100 },
    value,
    totalReturn: 0.1,
  };
}

describe('walkForwardStep', () => {
  it('waits while a fold is still running in sample', () => {
    const step = walkForwardStep(
      parent,
      [child('in-sample', 0, 'succeeded'), child('in-sample', 0, 'running')],
      false,
    );
    expect(step).toMatchObject({ spawn: [], done: false });
  });

  it('runs the best in-sample parameters out of sample, warmed on the training bars', () => {
    // fast=5 has the higher Sharpe in fold 0 (the order children arrive in does not matter).
    const best = child('in-sample', 0, 'succeeded', 5, 2);
    const step = walkForwardStep(
      parent,
      [child('in-sample', 0, 'succeeded', 3, 1), best, child('in-sample', 1, 'queued')],
      false,
    );
    expect(step.done).toBe(false);
    expect(step.spawn).toHaveLength(1);
    expect(step.spawn[0]).toMatchObject({
      ownerId: 9,
      parentId: 1,
      kind: 'single',
      range: { from: 200 * DAY, to: 300 * DAY },
      plan: { role: 'out-of-sample', fold: 0, chosenFrom: best.id, values: { fast: 5 } },
      spec: {
        params: { fast: 5, slow: 30, size: 100 },
        from: 200 * DAY,
        to: 300 * DAY,
        warmupBars: 200,
        equityPoints: 100,
      },
    });
    expect(step.folds[0]!.chosen).toMatchObject({ backtestId: best.id });
  });

  it('breaks a tie in favour of the earlier grid point, and ranks NaN (null) and Infinity as the engine does', () => {
    const tie = walkForwardStep(
      parent,
      [child('in-sample', 0, 'succeeded', 5, 1), child('in-sample', 0, 'succeeded', 3, 1)],
      false,
    );
    expect(tie.spawn[0]!.plan).toMatchObject({ values: { fast: 3 } });
    const special = walkForwardStep(
      { ...parent, rankBy: 'profitFactor' },
      [
        { ...child('in-sample', 0, 'succeeded', 3), value: null },
        { ...child('in-sample', 0, 'succeeded', 5), value: 'Infinity' },
      ],
      false,
    );
    expect(special.spawn[0]!.plan).toMatchObject({ values: { fast: 5 } });
  });

  it('starts nothing once cancelled, and a fold with no in-sample success counts as done', () => {
    const cancelled = walkForwardStep(
      parent,
      [child('in-sample', 0, 'succeeded'), child('in-sample', 1, 'cancelled')],
      true,
    );
    expect(cancelled).toMatchObject({ spawn: [], done: true });
    expect(cancelled.folds[1]!.chosen).toBeNull();
  });

  it('is done when every fold has a finished out-of-sample run', () => {
    const children = [
      child('in-sample', 0, 'succeeded'),
      child('in-sample', 1, 'succeeded'),
      child('out-of-sample', 0, 'succeeded'),
      child('out-of-sample', 1, 'failed'),
    ];
    const step = walkForwardStep(parent, children, false);
    expect(step).toMatchObject({ spawn: [], done: true });
    expect(step.folds.map((f) => f.outOfSampleRun?.status)).toEqual(['succeeded', 'failed']);
  });
});
