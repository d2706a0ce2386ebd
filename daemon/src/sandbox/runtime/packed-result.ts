// A BacktestResult as the sandbox hands it out: plain data only — numbers, strings, plain objects
// and typed arrays — with trades and orders as columns (packed-records.ts). The runtime builds it
// from the engine's result; the daemon checks its shape (sandbox/result-check.ts) and turns it
// back into a BacktestResult.
import type { NormalizedBacktestSpec } from '../../engine/backtest-spec';
import type { BacktestResult, OpenPosition } from '../../engine/result';
import type { EquityCurve } from '../../engine/equity-curve';
import { packRecords, type PackedRecords } from '../packed-records';

export interface PackedBacktestResult {
  spec: NormalizedBacktestSpec;
  symbols: string[];
  params: Record<string, unknown>;
  initialCash: number;
  finalValue: number;
  cash: number;
  positions: OpenPosition[];
  stats: Record<string, unknown>;
  equity: EquityCurve;
  trades: PackedRecords;
  orders: PackedRecords;
  barsProcessed: number;
}

/** Most characters of the parameters as JSON (they come out of the strategy's own schema). */
const MAX_PARAMS_JSON = 64 * 1024;

/** The parameters as plain JSON data; refuses what is not JSON or too large. */
export function plainParams(params: unknown): Record<string, unknown> {
  const json = JSON.stringify(params);
  if (typeof json !== 'string' || !json.startsWith('{'))
    throw new TypeError('the parameter schema must produce an object');
  if (json.length > MAX_PARAMS_JSON)
    throw new RangeError(`the parameters are ${json.length} characters as JSON, at most ${MAX_PARAMS_JSON}`);
  return JSON.parse(json) as Record<string, unknown>;
}

function copyCurve(e: EquityCurve): EquityCurve {
  return {
    time: Float64Array.from(e.time),
    value: Float64Array.from(e.value),
    drawdown: Float64Array.from(e.drawdown),
    benchmark: Float64Array.from(e.benchmark),
  };
}

export function packResult(r: BacktestResult): PackedBacktestResult {
  return {
    spec: JSON.parse(JSON.stringify(r.spec)) as NormalizedBacktestSpec,
    symbols: [...r.symbols],
    params: plainParams(r.params),
    initialCash: r.initialCash,
    finalValue: r.finalValue,
    cash: r.cash,
    positions: r.positions.map((p) => ({ ...p })),
    stats: { ...r.stats, costs: { ...r.stats.costs } },
    equity: copyCurve(r.equity),
    trades: packRecords(r.trades),
    orders: packRecords(r.orders),
    barsProcessed: r.barsProcessed,
  };
}
