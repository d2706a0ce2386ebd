// Several symbols merged by time. Each timestep takes every symbol whose next bar has the
// smallest time and runs them through runTimestep (timestep.ts): clock, all broker phases (so
// every fill of the timestep is booked before any strategy call), all strategy phases; then one
// equity point is recorded. Bars before the trading window only warm the indicators up.
// Symbols need not share a calendar; a symbol without a bar at a timestep keeps its last close.
// The benchmark is an equal-weighted buy-and-hold index: the mean over symbols of close / first
// close in the trading window (1 for a symbol that has not traded yet).
import type { BarSeries } from '../core/bar';
import type { Engine } from './engine';
import type { EquityRecorder } from './equity-recorder';
import { checkpoint, PROGRESS_EVERY, type RunHooks, type SeriesWindow } from './run-series';
import { runTimestep } from './timestep';

/** Loads the bar at `c` of `src` into the engine's slot for symbol `s`. */
function load(engine: Engine, s: number, src: BarSeries, c: number): void {
  const bar = engine.barSlot(s);
  bar.time = src.time[c]!;
  bar.open = src.open[c]!;
  bar.high = src.high[c]!;
  bar.low = src.low[c]!;
  bar.close = src.close[c]!;
  bar.volume = src.volume[c]!;
}

/** Smallest next bar time over all symbols, Infinity when every window is done. */
function nextTime(
  series: readonly BarSeries[],
  windows: readonly SeriesWindow[],
  cursor: Int32Array,
): number {
  let t = Infinity;
  for (let s = 0; s < series.length; s++) {
    if (cursor[s]! < windows[s]!.end) {
      const ts = series[s]!.time[cursor[s]!]!;
      if (ts < t) t = ts;
    }
  }
  return t;
}

export function runTimeline(
  engine: Engine,
  series: readonly BarSeries[],
  windows: readonly SeriesWindow[],
  tradeFrom: number,
  recorder: EquityRecorder,
  hooks: RunHooks = {},
): number {
  const n = series.length;
  const cursor = Int32Array.from(windows, (w) => w.start);
  const active = new Int32Array(n);
  const base = new Float64Array(n).fill(NaN);
  const ratio = new Float64Array(n).fill(1);
  let ratioSum = n;
  const total = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  let bars = 0;
  let next = PROGRESS_EVERY;
  for (let t = nextTime(series, windows, cursor); t !== Infinity; t = nextTime(series, windows, cursor)) {
    let m = 0;
    for (let s = 0; s < n; s++) {
      const c = cursor[s]!;
      if (c >= windows[s]!.end || series[s]!.time[c] !== t) continue;
      active[m++] = s;
      load(engine, s, series[s]!, c);
      cursor[s]!++;
    }
    bars += m;
    if (t < tradeFrom) {
      for (let j = 0; j < m; j++) engine.warmUp(active[j]!);
    } else {
      runTimestep(engine, t, active, m);
      const value = engine.portfolio.equity();
      for (let j = 0; j < m; j++) {
        const s = active[j]!;
        const close = engine.barSlot(s).close;
        if (base[s] !== base[s]) base[s] = close;
        const r = close / base[s]!;
        ratioSum += r - ratio[s]!;
        ratio[s] = r;
      }
      recorder.time = t;
      recorder.equity = value;
      recorder.benchmark = ratioSum / n;
      recorder.exposed = engine.portfolio.openPositions > 0;
      recorder.step();
      hooks.onEquity?.(t, value);
    }
    if (bars >= next) {
      next += PROGRESS_EVERY;
      checkpoint(hooks, bars, total);
    }
  }
  hooks.onProgress?.(1, total);
  return bars;
}
