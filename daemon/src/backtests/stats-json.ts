// Statistics as stored in backtests.stats: the engine's JSON form (engine/result-json.ts — times
// as IST ISO strings, NaN as null, as `quanttrade backtest --json` prints them), except that
// ±Infinity (profit factor with no losing trade) keeps its meaning as the string "Infinity" /
// "-Infinity" instead of null: clients can show it, and PostgreSQL casts it to float8, so sweeps
// rank such a run first rather than last (rank-stats.ts).
import { statsToJson as engineStatsToJson, type BacktestStats } from '../engine/index';

export function statsToJson(stats: BacktestStats): Record<string, unknown> {
  const out: Record<string, unknown> = engineStatsToJson(stats);
  for (const [key, value] of Object.entries(stats)) {
    if (value === Infinity) out[key] = 'Infinity';
    else if (value === -Infinity) out[key] = '-Infinity';
  }
  return out;
}
