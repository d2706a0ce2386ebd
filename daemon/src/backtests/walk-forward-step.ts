// One step of a walk-forward run, decided from its children: each fold whose in-sample grid has
// finished gets its out-of-sample run, with the parameters that ranked best in sample; the run is
// done when every fold has an out-of-sample result (or had no in-sample run succeed). Pure: the
// coordinator reads the children and writes what this returns.
import type { NewBacktest } from './backtest-insert';
import { FINISHED } from './backtest-store';
import type { ChildRow } from './parent-store';
import { childRow, parentFolds, type ParentRow } from './plan-children';

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

/** `children` must be ordered best first (parent-store readChildren). */
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
    const best = inSample.find((c) => c.status === 'succeeded');
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
      // As in the CLI, the test run warms its indicators on the training bars (they precede it).
      const base = parent.spec.base;
      const warmupBars = Math.max(base.warmupBars, parent.spec.train ?? 0);
      const spec = { ...base, params: best.params, from: fold.test.from, to: fold.test.to, warmupBars };
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
