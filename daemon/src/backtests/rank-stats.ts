// Ranking children by a statistic in SQL, on their stored stats (backtests.stats jsonb). The
// statistics and their direction are the engine's (engine/sweep.ts RANK_METRICS), so the API and
// `quanttrade backtest --sweep` rank alike. In stored JSON NaN is null and ranks last; ±Infinity
// is the string "Infinity", which PostgreSQL casts to float8 and ranks where it belongs.
import { AppError } from '../core/errors';
import { isRankMetric, RANK_METRICS, type RankMetric } from '../engine/index';

export const RANKABLE_STATS = Object.keys(RANK_METRICS) as [RankMetric, ...RankMetric[]];

/** ORDER BY for ranking by `stat` (best first, ties by id). The name is checked, then interpolated. */
export function rankOrderBy(stat: string, alias = 'b'): string {
  if (!isRankMetric(stat)) throw new AppError('INVARIANT_BROKEN', `not a rankable statistic: ${stat}`);
  const direction = RANK_METRICS[stat] === 'high' ? 'DESC' : 'ASC';
  return `(${alias}.stats ->> '${stat}')::float8 ${direction} NULLS LAST, ${alias}.id`;
}
