// One step of a walk-forward run, decided from its children: each fold whose in-sample grid has
// finished gets its out-of-sample run, with the parameters that ranked best in sample; the run is
// done when every fold has an out-of-sample result (or had no in-sample run succeed). Pure: the
// coordinator reads the children and writes what this returns.
import { chooseBest, isRankMetric } from '../engine/index';
import type { NewBacktest } from './backtest-insert';
import { FINISHED } from './backtest-store';
import type { ChildRow } from './parent-store';
import { childRow, foldWindows, parentFolds, type ParentRow } from './plan-children';

export interface FoldSummary {
  fold: number;
  train: { from: number; to: number };
  test: { from: number; to: number };
  /** The in-sample child whose parameters were chosen, and its ranking value. */
  chosen: { backtestId: number; values: Record<string, unknown>; value: number | string | null } | null;
  outOfSampleRun: { backtestId: number; status: string; totalReturn: number | null } | null;
}

export interface WalkForwardStep {
  spawn: NewBacktest[];
  done: boolean;
  folds: FoldSummary[];
}

const finished = (c: ChildRow) => FINISHED.includes(c.status);

/** A stored ranking value as a number: NaN is stored as null, ±Infinity as a string. */
function rankValue(c: ChildRow): number {
  return c.value === null ? NaN : Number(c.value);
}

/**
 * The winner among a parent's grid runs (a sweep's, or a fold's in sample): the engine's choice
 * (engine/sweep.ts chooseBest, as the CLI makes it) among the succeeded runs, in grid order so
 * ties go to the earlier point.
 */
export function bestOf(parent: Pick<ParentRow, 'rankBy'>, runs: ChildRow[]): ChildRow | undefined {
  if (!isRankMetric(parent.rankBy)) return undefined;
  const succeeded = runs
    .filter((c) => c.status === 'succeeded')
    .sort((a, b) => (a.point ?? 0) - (b.point ?? 0) || a.id - b.id);
  return chooseBest(succeeded, parent.rankBy, rankValue);
}

export function walkForwardStep(
  parent: ParentRow,
  children: ChildRow[],
  cancelled: boolean,
): WalkForwardStep {
  const spawn: NewBacktest[] = [];
  let done = true;
  const folds = parentFolds(parent).map((fold): FoldSummary => {
    const inSample = children.filter((c) => c.role === 'in-sample' && c.fold === fold.fold);
    const oos = children.find((c) => c.role === 'out-of-sample' && c.fold === fold.fold);
    const best = bestOf(parent, inSample);
    const summary: FoldSummary = {
      ...fold,
      chosen: best ? { backtestId: best.id, values: best.values, value: best.value } : null,
      outOfSampleRun: oos ? { backtestId: oos.id, status: oos.status, totalReturn: oos.totalReturn } : null,
    };
    if (oos) {
      if (!finished(oos)) done = false;
    } else if (!inSample.every(finished)) {
      done = false;
    } else if (best && !cancelled) {
      done = false;
      // Warm-up on the training bars and a full equity curve, as the engine plans it for the CLI.
      const spec = { ...parent.spec.base, params: best.params, ...foldWindows(parent, fold).test };
      spawn.push(
        childRow(parent, spec, fold.test, {
          role: 'out-of-sample',
          fold: fold.fold,
          chosenFrom: best.id,
          values: best.values,
        }),
      );
    }
    return summary;
  });
  return { spawn, done, folds };
}
