// Walk-forward folds of a job, in time: the engine's planner (engine/walk-forward.ts, as
// `quanttrade backtest --walk-forward` uses it) over the bars of the universe's first series in
// the range. PostgreSQL is asked for the number of bars and the times of the fold edges only,
// not for every bar.
import { validationError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { foldEdges, minTestBars, planFolds, timeFolds, type Fold, type TimedFold } from '../engine/index';
import { findInstruments } from '../market/instrument-store';
import type { RunSpec } from './run-spec';

export type { TimedFold };

const RANGE = `instrument_id = $1 AND timeframe = $2 AND ts >= to_timestamp($3 / 1000.0) AND ts < to_timestamp($4 / 1000.0)`;

function folds(n: number, plan: { train: number; test: number }, symbol: string): Fold[] {
  const min = minTestBars(plan);
  if (plan.train + min > n)
    throw validationError([
      {
        path: 'train',
        value: plan.train,
        expected: `at most ${n - min} bars: ${symbol} has ${n} in the range and a test window needs at least ${min}`,
      },
    ]);
  return planFolds(n, plan);
}

export async function planTimedFolds(
  db: PoolClient,
  spec: RunSpec,
  range: { from: number; to: number },
  plan: { train: number; test: number },
): Promise<TimedFold[]> {
  const [instrument] = await findInstruments(db, spec.symbols.slice(0, 1));
  const args = [instrument!.id, spec.timeframe, range.from, range.to];
  const { rows: count } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bars WHERE ${RANGE}`,
    args,
  );
  const n = count[0]!.n;
  const planned = folds(n, plan, spec.symbols[0]!);
  const { rows } = await db.query<{ n: number; ms: number }>(
    `SELECT n, ms FROM (SELECT (row_number() OVER (ORDER BY ts))::int - 1 AS n, extract(epoch FROM ts) * 1000 AS ms
                          FROM bars WHERE ${RANGE}) x
      WHERE n = ANY($5::int[])`,
    [...args, foldEdges(planned, n)],
  );
  const time = new Map(rows.map((r) => [r.n, Number(r.ms)]));
  return timeFolds(planned, (i) => time.get(i)!, n, range.to);
}
