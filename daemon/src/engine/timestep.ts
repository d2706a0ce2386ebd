// One timestep of the engine: the only place the order of the phases is written down. The
// backtest drivers (run-series.ts, run-timeline.ts) and the live bar pipeline all call it, so a
// deployment replaying stored bars takes exactly the steps its backtest took.
//
//   1. clock     engine.onTime(time): time-driven events due by now (intraday square-off), for
//                every symbol, including those without a bar at this time
//   2. broker    for each symbol with a bar: a simulated broker fills working orders against it,
//                so every fill of the timestep is booked before any strategy sees a bar
//   3. strategy  for each symbol with a bar: indicators update, then onBar
//   4. end       the step is counted (holding periods are measured in timesteps)
//
// The caller first writes each symbol's bar into engine.barSlot(s), and reads the account's
// equity after it if it records one (engine.portfolio.equity(); the single-series loop computes
// cash + qty · close inline, without the loop over positions).
import type { Engine } from './engine';

/** Runs the timestep at `time` for the symbols `active[0 … count)` (ascending symbol index). */
export function runTimestep(engine: Engine, time: number, active: Int32Array, count: number): void {
  engine.onTime(time);
  for (let j = 0; j < count; j++) engine.brokerPhase(active[j]!);
  for (let j = 0; j < count; j++) engine.strategyPhase(active[j]!);
  engine.endStep();
}

/**
 * runTimestep with one active symbol, `s`: the same phases. The single-series loop calls this
 * one: small enough for V8 to inline into the bar loop (runTimestep, with its loops, stayed a
 * call of its own there, and the phases behind it lost their inlining).
 */
export function runSymbolTimestep(engine: Engine, time: number, s: number): void {
  engine.onTime(time);
  engine.brokerPhase(s);
  engine.strategyPhase(s);
  engine.endStep();
}
