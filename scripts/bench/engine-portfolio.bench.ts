// A portfolio: sma-cross on 100 symbols × 100k bars each, one timeline, shared cash.
import { runBacktest } from '../../daemon/src/engine/backtest';
import { emit } from './emit';
import { loadNote, syntheticSeries } from './engine-data';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 100);
const BARS = Number(process.env.BENCH_BARS ?? 100_000);

const bars = new Map(
  Array.from({ length: SYMBOLS }, (_, k) => [`S${k}`, syntheticSeries(BARS, 1000 + k, `S${k}`)]),
);
const spec = { strategy: 'sma-cross', params: { fast: 10, slow: 30, size: 10 }, cash: 1e9 };

let best = Infinity;
let trades = 0;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  trades = runBacktest(spec, bars).trades.length;
  best = Math.min(best, performance.now() - t0);
}
emit({
  bench: 'engine.portfolio',
  metric: 'seconds',
  value: best / 1000,
  unit: 's',
  target: '<= 3',
  meetsTarget: best <= 3000,
  notes: `${SYMBOLS} symbols × ${BARS} bars (${((SYMBOLS * BARS) / (best / 1000) / 1e6).toFixed(1)}M bars/s), ${trades} trades; best of 3; ${loadNote()}`,
});
