// Walk-forward analysis as pure functions: plan the folds, then stitch the out-of-sample runs.
// Each fold optimises on `train` bars and trades the best parameters on the next `test` bars;
// the next fold starts `test` bars later. Test runs warm their indicators on the training bars
// (no look-ahead: those bars precede the test window).
import { validationError } from '../core/errors';
import type { EquityCurve } from './equity-curve';
import { EquityRecorder, type EquitySummary } from './equity-recorder';

export interface WalkForwardPlan {
  train: number;
  test: number;
}

export interface Fold {
  index: number;
  /** Bar indexes into the (first) series; ends are exclusive. */
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

const EXPECTED = 'train=<bars>,test=<bars>, e.g. train=750,test=250';

export function parseWalkForward(text: string): WalkForwardPlan {
  const fields = Object.fromEntries(text.split(',').map((part) => part.split('=').map((s) => s.trim())));
  const train = Number(fields.train);
  const test = Number(fields.test);
  const ok =
    Object.keys(fields).length === 2 &&
    Number.isInteger(train) &&
    Number.isInteger(test) &&
    train > 0 &&
    test > 0;
  if (!ok) throw validationError([{ path: 'walkForward', value: text, expected: EXPECTED }]);
  return { train, test };
}

/** Folds over `n` bars; the last test window may be shorter. Throws when not even one fits. */
export function planFolds(n: number, plan: WalkForwardPlan): Fold[] {
  const folds: Fold[] = [];
  for (let start = 0; start + plan.train < n; start += plan.test) {
    const testStart = start + plan.train;
    folds.push({
      index: folds.length,
      trainStart: start,
      trainEnd: testStart,
      testStart,
      testEnd: Math.min(n, testStart + plan.test),
    });
  }
  if (folds.length === 0) {
    throw validationError([
      {
        path: 'walkForward',
        value: `train=${plan.train},test=${plan.test}`,
        expected: `train < ${n} (the number of bars)`,
      },
    ]);
  }
  return folds;
}

/**
 * Chains the test windows' equity curves into one out-of-sample curve: each fold ran from the
 * same initial cash, so fold k is scaled by the growth of folds 0..k−1 (compounding, as if the
 * account had been carried from fold to fold). Returns the curve's statistics too.
 */
export function stitchFolds(
  curves: readonly EquityCurve[],
  initialCash: number,
  rfPerBar: number,
): EquitySummary {
  const steps = curves.reduce((n, c) => n + c.time.length, 0);
  const recorder = new EquityRecorder(initialCash, rfPerBar, steps, Math.max(2, steps));
  let scale = 1;
  let benchScale = 1;
  let benchLast = 1;
  for (const c of curves) {
    if (c.time.length === 0) continue;
    const bench0 = c.benchmark[0]!;
    for (let i = 0; i < c.time.length; i++) {
      benchLast = benchScale * (c.benchmark[i]! / bench0);
      recorder.record(c.time[i]!, c.value[i]! * scale, benchLast, false);
    }
    scale *= c.value[c.time.length - 1]! / initialCash;
    benchScale = benchLast;
  }
  return recorder.finish();
}
