// Several symbols merged by time. Each timestep takes every symbol whose next bar has the
// smallest time: all their broker phases run first (so every fill of the timestep is booked
// before any strategy call), then all strategy phases, then one equity point is recorded.
// Symbols need not share a calendar; a symbol without a bar at a timestep keeps its last close.
import type { BarSeries } from '../core/bar';
import type { Engine } from './engine';
import { PROGRESS_EVERY, type RunHooks, type RunOutput, type SeriesWindow } from './run-series';
import { AppError } from '../core/errors';

function grow(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}

export function runTimeline(
  engine: Engine,
  series: readonly BarSeries[],
  windows: readonly SeriesWindow[],
  tradeFrom: number,
  hooks: RunHooks = {},
): RunOutput {
  const n = series.length;
  const cursor = Int32Array.from(windows, (w) => w.start);
  const active = new Int32Array(n);
  const base = new Float64Array(n).fill(NaN);
  const ratio = new Float64Array(n).fill(1);
  let ratioSum = n;
  const total = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  let capacity = Math.max(1, ...windows.map((w) => w.end - w.tradeStart));
  let times: Float64Array = new Float64Array(capacity);
  let equity: Float64Array = new Float64Array(capacity);
  let benchmark: Float64Array = new Float64Array(capacity);
  let k = 0;
  let bars = 0;
  let exposed = 0;
  let next = PROGRESS_EVERY;
  for (;;) {
    let t = Infinity;
    for (let s = 0; s < n; s++) {
      if (cursor[s]! < windows[s]!.end) {
        const ts = series[s]!.time[cursor[s]!]!;
        if (ts < t) t = ts;
      }
    }
    if (t === Infinity) break;
    const recording = t >= tradeFrom;
    engine.trading = recording;
    let m = 0;
    for (let s = 0; s < n; s++) {
      const c = cursor[s]!;
      if (c >= windows[s]!.end || series[s]!.time[c] !== t) continue;
      active[m++] = s;
      const src = series[s]!;
      const bar = engine.barSlot(s);
      bar.time = t;
      bar.open = src.open[c]!;
      bar.high = src.high[c]!;
      bar.low = src.low[c]!;
      bar.close = src.close[c]!;
      bar.volume = src.volume[c]!;
      engine.brokerPhase(s);
    }
    for (let j = 0; j < m; j++) {
      const s = active[j]!;
      engine.strategyPhase(s);
      cursor[s]!++;
      if (recording) {
        const close = engine.barSlot(s).close;
        if (base[s] !== base[s]) base[s] = close;
        const r = close / base[s]!;
        ratioSum += r - ratio[s]!;
        ratio[s] = r;
      }
    }
    const value = engine.endStep();
    bars += m;
    if (recording) {
      if (k === capacity) {
        capacity *= 2;
        times = grow(times, capacity);
        equity = grow(equity, capacity);
        benchmark = grow(benchmark, capacity);
      }
      times[k] = t;
      equity[k] = value;
      benchmark[k] = ratioSum / n;
      if (engine.portfolio.openPositions > 0) exposed++;
      k++;
    }
    if (bars >= next) {
      next += PROGRESS_EVERY;
      if (hooks.shouldCancel?.())
        throw new AppError('CANCELLED', `backtest cancelled after ${bars} of ${total} bars`);
      hooks.onProgress?.(bars / total, bars);
    }
  }
  hooks.onProgress?.(1, total);
  return {
    times: times.subarray(0, k),
    equity: equity.subarray(0, k),
    benchmark: benchmark.subarray(0, k),
    exposedSteps: exposed,
    bars,
  };
}
