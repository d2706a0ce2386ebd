// One timestep of the engine: the only place the order of the phases is written down. The
// backtest drivers (run-series.ts, run-timeline.ts) and the live bar pipeline all call it, so a
// deployment replaying stored bars takes exactly the steps its backtest took.
//
//   1. clock     engine.onTime(time): time-driven events due by now (intraday square-off), for
//                every symbol, including those without a bar at this time
//   2. broker    for each symbol with a bar: a simulated broker fills working orders against it,
//                so every fill of the timestep is booked before any strategy sees a bar
//   3. strategy  for each symbol with a bar: indicators update, then onBar
//   4. end       step count, equity at the latest closes (returned)
//
// The caller first writes each symbol's bar into engine.barSlot(s).
import type { Engine } from './engine';

/**
 * Runs the timestep at `time` for the symbols `active[0 … count)` (ascending symbol index);
 * returns the account's equity after it.
 */
export function runTimestep(engine: Engine, time: number, active: Int32Array, count: number): number {
  engine.onTime(time);
  for (let j = 0; j < count; j++) engine.brokerPhase(active[j]!);
  for (let j = 0; j < count; j++) engine.strategyPhase(active[j]!);
  return engine.endStep();
}
