// Drivers that feed columnar bar arrays through the engine. One symbol is a straight index loop;
// several symbols are merged by time (each timestep processes every symbol with a bar at that
// time: all broker phases first, then all strategy phases, then one equity point). The loops
// write into preallocated typed arrays and allocate nothing per bar.
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import type { Engine } from './engine';

export interface RunHooks {
  /** Called every PROGRESS_EVERY bars with the fraction done and the bars processed. */
  onProgress?(fraction: number, barsDone: number): void;
  /** Polled every PROGRESS_EVERY bars; returning true stops the run with a CANCELLED error. */
  shouldCancel?(): boolean;
}

/** Index range of one series: warm-up from `start`, trading and recording from `tradeStart`. */
export interface SeriesWindow {
  start: number;
  tradeStart: number;
  end: number;
}

export interface RunOutput {
  /** Time of each recorded timestep. */
  times: Float64Array;
  /** Equity (cash + positions at the close) after each recorded timestep. */
  equity: Float64Array;
  /** Buy-and-hold price index for the same timesteps (equal-weighted over symbols). */
  benchmark: Float64Array;
  /** Recorded timesteps with at least one open position. */
  exposedSteps: number;
  /** Bars processed, all symbols, warm-up included. */
  bars: number;
}

/** Progress and cancellation are checked this often (bars): rare enough to cost nothing. */
export const PROGRESS_EVERY = 1 << 16;

function checkpoint(hooks: RunHooks, done: number, total: number): void {
  if (hooks.shouldCancel?.())
    throw new AppError('CANCELLED', `backtest cancelled after ${done} of ${total} bars`);
  hooks.onProgress?.(total > 0 ? done / total : 1, done);
}

export function runSingle(
  engine: Engine,
  series: BarSeries,
  w: SeriesWindow,
  hooks: RunHooks = {},
): RunOutput {
  const { time, open, high, low, close, volume } = series;
  const equity = new Float64Array(w.end - w.tradeStart);
  const position = engine.portfolio.positions[0]!;
  const bar = engine.barSlot(0);
  const total = w.end - w.start;
  let exposed = 0;
  let next = w.start + PROGRESS_EVERY;
  engine.trading = w.tradeStart <= w.start;
  for (let i = w.start; i < w.end; i++) {
    if (i === w.tradeStart) engine.trading = true;
    bar.time = time[i]!;
    bar.open = open[i]!;
    bar.high = high[i]!;
    bar.low = low[i]!;
    bar.close = close[i]!;
    bar.volume = volume[i]!;
    engine.brokerPhase(0);
    engine.strategyPhase(0);
    const value = engine.endStep();
    if (i >= w.tradeStart) {
      equity[i - w.tradeStart] = value;
      if (position.qty !== 0) exposed++;
    }
    if (i === next) {
      next += PROGRESS_EVERY;
      checkpoint(hooks, i - w.start, total);
    }
  }
  hooks.onProgress?.(1, total);
  return {
    times: time.subarray(w.tradeStart, w.end),
    equity,
    benchmark: close.subarray(w.tradeStart, w.end),
    exposedSteps: exposed,
    bars: total,
  };
}
