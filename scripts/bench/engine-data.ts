// Synthetic bars for the engine benchmarks: a seeded random walk written straight into typed
// arrays (optionally SharedArrayBuffer-backed), one bar per minute of NSE sessions.
import { availableParallelism, loadavg } from 'node:os';
import { createBarSeries, type BarSeries } from '../../daemon/src/core/bar';

export function syntheticSeries(n: number, seed = 42, symbol = 'SYN'): BarSeries {
  const s = createBarSeries(symbol, '1m', n);
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  // Prices move in whole ticks of 0.05 (kept as integers, so the CSV has clean 2-decimal text).
  let ticks = 20_000;
  const start = Date.UTC(2000, 0, 3, 3, 45);
  for (let i = 0; i < n; i++) {
    const day = Math.floor(i / 375);
    s.time[i] = start + day * 86_400_000 + (i % 375) * 60_000;
    const open = ticks;
    const close = Math.max(20, open + Math.round((next() - 0.5) * 40));
    s.open[i] = open / 20;
    s.close[i] = close / 20;
    s.high[i] = (Math.max(open, close) + Math.round(next() * 10)) / 20;
    s.low[i] = Math.max(1, Math.min(open, close) - Math.round(next() * 10)) / 20;
    s.volume[i] = 1000 + Math.floor(next() * 1000);
    ticks = close + Math.round((next() - 0.5) * 4);
    if (ticks < 200) ticks = 20_000;
  }
  return s;
}

/** The machine's load when a figure was taken: these machines are shared, and it shows. */
export function loadNote(): string {
  const [one] = loadavg();
  return `load average ${one!.toFixed(1)} on ${availableParallelism()} cores`;
}
