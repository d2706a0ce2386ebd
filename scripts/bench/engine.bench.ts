// sma-cross on 10M synthetic bars through the full engine (runBacktest), against a hand-written
// bare loop that computes the same strategy with the same fill rules on the same arrays, plus the
// engine's memory per bar beyond the input arrays. Targets from issue 3.
import { runBacktest } from '../../daemon/src/engine/backtest';
import { emit } from './emit';
import { syntheticSeries } from './engine-data';
import { bareSmaCross } from './engine-bare-loop';

const N = Number(process.env.BENCH_BARS ?? 10_000_000);
const FAST = 10;
const SLOW = 30;
const SIZE = 100;
const CASH = 1_000_000_000;

function best(runs: number, fn: () => number): { ms: number; value: number } {
  let ms = Infinity;
  let value = NaN;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

const series = syntheticSeries(N);
const bars = new Map([[series.symbol, series]]);
const spec = { strategy: 'sma-cross', params: { fast: FAST, slow: SLOW, size: SIZE }, cash: CASH };

const bare = best(3, () => bareSmaCross(series, FAST, SLOW, SIZE, CASH));
const engine = best(3, () => runBacktest(spec, bars).finalValue);
if (Math.abs(engine.value - bare.value) > 1e-6 * Math.abs(bare.value)) {
  process.stderr.write(`warning: engine final value ${engine.value} != bare loop ${bare.value}\n`);
}
const engineRate = N / (engine.ms / 1000);
const bareRate = N / (bare.ms / 1000);
emit({
  bench: 'engine.sma-cross',
  metric: 'barsPerSecond',
  value: engineRate,
  unit: 'bars/s',
  baseline: { name: 'hand-written bare loop, same strategy and arrays', value: bareRate },
  ratio: engineRate / bareRate,
  target: '>= 1e7 bars/s and bare loop / engine <= 15',
  meetsTarget: engineRate >= 1e7 && bareRate / engineRate <= 15,
  notes: `${N} bars; bare loop is ${(bareRate / engineRate).toFixed(2)}x faster; same final value: ${engine.value === bare.value}`,
});

// Memory: heap growth during one run, with the result kept alive (equity curve included).
globalThis.gc?.();
const before = process.memoryUsage();
const kept = runBacktest(spec, bars);
globalThis.gc?.();
const after = process.memoryUsage();
const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
emit({
  bench: 'engine.memory',
  metric: 'bytesPerBar',
  value: grown / N,
  unit: 'bytes/bar',
  target: '<= 100',
  meetsTarget: grown / N <= 100,
  notes: `heap + array buffers retained by a ${N}-bar result (${kept.trades.length} trades); ${globalThis.gc ? 'after gc' : 'run with --expose-gc for a precise figure'}`,
});
