// Drivers that feed columnar bar arrays through the engine. One symbol is a straight index loop
// (this file); several symbols are merged by time (run-timeline.ts). Both run each bar through
// runTimestep (timestep.ts), the same step the live pipeline takes. The loops allocate nothing
// per bar: equity goes straight into the streaming recorder.
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import type { Engine } from './engine';
import type { EquityRecorder } from './equity-recorder';
import { runSymbolTimestep } from './timestep';

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

/**
 * Bars per call of the bar loop. A loop function called many times is optimised as an ordinary
 * hot function, early; one loop over the whole series waits for on-stack replacement, and a cold
 * branch inside it (the progress checkpoint, first taken at bar 65,536) deoptimised it mid-run.
 */
const BARS_PER_BATCH = 4096;

/** Runs one symbol's window; returns the bars processed. */
export function runSingle(
  engine: Engine,
  series: BarSeries,
  w: SeriesWindow,
  recorder: EquityRecorder,
  hooks: RunHooks = {},
): number {
  const total = w.end - w.start;
  let next = w.start + PROGRESS_EVERY;
  for (let from = w.start; from < w.end;) {
    const to = Math.min(w.end, from + BARS_PER_BATCH);
    if (from < w.tradeStart) warmUpBars(engine, series, from, Math.min(to, w.tradeStart));
    if (to > w.tradeStart)
      runBars(engine, series, Math.max(from, w.tradeStart), to, recorder, hooks.onEquity);
    from = to;
    if (from >= next && from < w.end) {
      next += PROGRESS_EVERY;
      checkpoint(hooks, from - w.start, total);
    }
  }
  hooks.onProgress?.(1, total);
  return total;
}

/** Loads bar `i` of `series` into the engine's slot for symbol 0. */
function load(engine: Engine, series: BarSeries, i: number): void {
  const bar = engine.barSlot(0);
  bar.time = series.time[i]!;
  bar.open = series.open[i]!;
  bar.high = series.high[i]!;
  bar.low = series.low[i]!;
  bar.close = series.close[i]!;
  bar.volume = series.volume[i]!;
}

/** Feeds bars [from, to) to the indicators only (the warm-up before the trading window). */
function warmUpBars(engine: Engine, series: BarSeries, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    load(engine, series, i);
    engine.warmUp(0);
  }
}

/** Runs the timesteps of bars [from, to); their equity goes to the recorder. */
function runBars(
  engine: Engine,
  series: BarSeries,
  from: number,
  to: number,
  recorder: EquityRecorder,
  onEquity: RunHooks['onEquity'],
): void {
  const { time, open, high, low, close, volume } = series;
  const portfolio = engine.portfolio;
  const position = portfolio.positions[0]!;
  const bar = engine.barSlot(0);
  for (let i = from; i < to; i++) {
    const t = time[i]!;
    const c = close[i]!;
    bar.time = t;
    bar.open = open[i]!;
    bar.high = high[i]!;
    bar.low = low[i]!;
    bar.close = c;
    bar.volume = volume[i]!;
    runSymbolTimestep(engine, t, 0);
    // portfolio.equity() for one symbol, without its loop over positions.
    const value = portfolio.cash + position.qty * c;
    recorder.time = t;
    recorder.equity = value;
    recorder.benchmark = c;
    recorder.exposed = position.qty !== 0;
    recorder.step();
    if (onEquity !== undefined) onEquity(t, value);
  }
}
