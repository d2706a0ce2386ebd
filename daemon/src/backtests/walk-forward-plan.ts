// Walk-forward folds for a run, in time. The engine plans folds in bars (engine/walk-forward.ts
// planFolds: optimise on `train` bars, trade the next `test`, move on by `test`), as the CLI
// does; child backtests are given date ranges, so the fold edges are turned into bar times of the
// universe's first series. Asks PostgreSQL for only those few times, not for every bar.
import { validationError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { planFolds } from '../engine/index';
import { findInstruments } from '../market/instrument-store';
import type { RunSpec } from './run-spec';

export interface TimedFold {
  fold: number;
  /** Epoch ms, [from, to). */
  train: { from: number; to: number };
  test: { from: number; to: number };
}

const RANGE = `instrument_id = $1 AND timeframe = $2 AND ts >= to_timestamp($3 / 1000.0) AND ts < to_timestamp($4 / 1000.0)`;

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
  let folds;
  try {
    folds = planFolds(n, plan);
  } catch {
    throw validationError([
      {
        path: 'train',
        value: plan.train,
        expected: `fewer bars than ${spec.symbols[0]} has in the range (${n})`,
      },
    ]);
  }
  const edges = [...new Set(folds.flatMap((f) => [f.trainStart, f.testStart, f.testEnd]))];
  const { rows } = await db.query<{ n: number; ms: number }>(
    `SELECT n, ms FROM (SELECT (row_number() OVER (ORDER BY ts))::int - 1 AS n, extract(epoch FROM ts) * 1000 AS ms
                          FROM bars WHERE ${RANGE}) x
      WHERE n = ANY($5::int[])`,
    [...args, edges],
  );
  const time = new Map(rows.map((r) => [r.n, Number(r.ms)]));
  // An edge at n (past the last bar) is the end of the range.
  const at = (i: number) => time.get(i) ?? range.to;
  return folds.map((f) => ({
    fold: f.index,
    train: { from: at(f.trainStart), to: at(f.trainEnd) },
    test: { from: at(f.testStart), to: at(f.testEnd) },
  }));
}
