// A sweep of 100 sma-cross parameter sets over 1M bars on worker threads: one worker against one
// per core, the bars shared between workers through a SharedArrayBuffer. Needs `npm run build`.
import { availableParallelism } from 'node:os';
import { shareBarSeries } from '../../daemon/src/core/bar';
import { workerPath } from '../../daemon/src/config/package-root';
import { expandGrid, parseSweep } from '../../daemon/src/engine/index';
import type { BacktestTask } from '../../daemon/src/backtests/backtest.worker';
import { createWorkerPool } from '../../daemon/src/jobs/worker-pool';
import { emit } from './emit';
import { loadNote, syntheticSeries } from './engine-data';

const BARS = Number(process.env.BENCH_BARS ?? 1_000_000);
const series = shareBarSeries(syntheticSeries(BARS));
const grid = expandGrid([parseSweep('fast=5:14:1'), parseSweep('slow=20:65:5')], { size: 100 });

async function timeGrid(size: number): Promise<number> {
  const pool = createWorkerPool({ file: workerPath('backtest'), size });
  try {
    // Warm every worker (module load, JIT) before timing.
    await Promise.all(Array.from({ length: size }, () => pool.run(task(grid[0]!, 50_000))));
    const t0 = performance.now();
    await Promise.all(grid.map((params) => pool.run(task(params))));
    return performance.now() - t0;
  } finally {
    await pool.close();
  }
}

function task(params: Record<string, unknown>, bars = BARS): BacktestTask {
  const spec = { strategy: 'sma-cross', params, cash: 1e9, equityPoints: 2, to: series.time[bars - 1]! + 1 };
  return { spec, bars: [series], detail: 'summary' };
}

const cores = availableParallelism();
const one = await timeGrid(1);
const all = await timeGrid(cores);
emit({
  bench: 'engine.sweep',
  metric: 'speedup',
  value: one / all,
  unit: 'x',
  baseline: { name: '1 worker thread (ms)', value: one },
  ratio: one / all,
  target: `>= 1.7 on 2 cores`,
  meetsTarget: cores < 2 || one / all >= 1.7,
  notes: `${grid.length} parameter sets × ${BARS} bars; ${cores} workers took ${all.toFixed(0)} ms (${((grid.length * BARS) / (all / 1000) / 1e6).toFixed(1)}M bars/s); ${loadNote()}`,
});
