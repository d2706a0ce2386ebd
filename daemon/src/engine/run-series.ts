// Drivers that feed columnar bar arrays through the engine. One symbol is a straight index loop
// (this file); several symbols are merged by time (run-timeline.ts). The loops allocate nothing
// per bar: equity goes straight into the streaming recorder.
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import type { Engine } from './engine';
import type { EquityRecorder } from './equity-recorder';

export interface RunHooks {
  /** Called every PROGRESS_EVERY bars with the fraction done and the bars processed. */
  onProgress?(fraction: number, barsDone: number): void;
  /** Polled every PROGRESS_EVERY bars; returning true stops the run with a CANCELLED error. */
  shouldCancel?(): boolean;
  /** Every recorded timestep's equity (tests, live streaming); leave unset for speed. */
  onEquity?(time: number, equity: number): void;
}

/** Index range of one series: warm-up from `start`, trading and recording from `tradeStart`. */
export interface SeriesWindow {
  start: number;
  tradeStart: number;
  end: number;
}

/** Progress and cancellation are checked this often (bars): rare enough to cost nothing. */
export const PROGRESS_EVERY = 1 << 16;

export function checkpoint(hooks: RunHooks, done: number, total: number): void {
  if (hooks.shouldCancel?.())
    throw new AppError('CANCELLED', `backtest cancelled after ${done} of ${total} bars`);
  hooks.onProgress?.(total > 0 ? done / total : 1, done);
}

/** Runs one symbol's window; returns the bars processed. */
export function runSingle(
  engine: Engine,
  series: BarSeries,
  w: SeriesWindow,
  recorder: EquityRecorder,
  hooks: RunHooks = {},
): number {
  const { time, open, high, low, close, volume } = series;
  const portfolio = engine.portfolio;
  const position = portfolio.positions[0]!;
  const bar = engine.barSlot(0);
  const onEquity = hooks.onEquity;
  const total = w.end - w.start;
  let next = w.start + PROGRESS_EVERY;
  engine.trading = w.tradeStart <= w.start;
  for (let i = w.start; i < w.end; i++) {
    if (i === w.tradeStart) engine.trading = true;
    const t = time[i]!;
    const c = close[i]!;
    bar.time = t;
    bar.open = open[i]!;
    bar.high = high[i]!;
    bar.low = low[i]!;
    bar.close = c;
    bar.volume = volume[i]!;
    engine.brokerPhase(0);
    engine.strategyPhase(0);
    // engine.endStep() for one symbol, without the loop over positions.
    engine.step++;
    const value = portfolio.cash + position.qty * c;
    if (i >= w.tradeStart) {
      recorder.time = t;
      recorder.equity = value;
      recorder.benchmark = c;
      recorder.exposed = position.qty !== 0;
      recorder.step();
      if (onEquity !== undefined) onEquity(t, value);
    }
    if (i === next) {
      next += PROGRESS_EVERY;
      checkpoint(hooks, i - w.start, total);
    }
  }
  hooks.onProgress?.(1, total);
  return total;
}
