// The worker pool with the real backtest worker (built by scripts/build.mjs into dist/workers).
import { beforeAll, describe, expect, it } from 'vitest';
import { shareBarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import { workerPath } from '../config/package-root';
import { runBacktest } from '../engine/backtest';
import { randomWalk } from '../../../test/fixtures/engine/bars';
import { buildCli } from '../../../test/cli/backtest-cli';
import type { BacktestSummary, BacktestTask } from '../backtests/backtest.worker';
import { createWorkerPool } from './worker-pool';

const series = shareBarSeries(randomWalk(2_000, 3, { symbol: 'W' }));
const long = shareBarSeries(randomWalk(3_000_000, 4, { symbol: 'L', step: 60_000, timeframe: '1m' }));
const task = (params: Record<string, unknown>, bars = series): BacktestTask => ({
  spec: { strategy: 'sma-cross', params },
  bars: [bars],
  detail: 'summary',
});

beforeAll(() => buildCli(), 120_000);

describe('worker pool', () => {
  it('runs tasks on worker threads with the same results as in-process runs', async () => {
    const pool = createWorkerPool({ file: workerPath('backtest'), size: 2 });
    try {
      const grid = [5, 10, 15, 20].map((fast) => ({ fast, slow: 40 }));
      const results = await Promise.all(grid.map((p) => pool.run<BacktestSummary>(task(p))));
      grid.forEach((params, i) => {
        const direct = runBacktest({ strategy: 'sma-cross', params }, new Map([['W', series]]));
        expect(results[i]!.stats.finalValue).toBe(direct.finalValue);
        expect(results[i]!.params).toEqual({ ...params, size: 100 });
      });
    } finally {
      await pool.close();
    }
  });

  it('shares bars instead of copying them', () => {
    expect(series.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(series.time.buffer).toBe(series.close.buffer);
  });

  it('reports task errors with their code', async () => {
    const pool = createWorkerPool({ file: workerPath('backtest'), size: 1 });
    try {
      const error = await pool.run(task({ fast: 0 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((error as Error).message).toContain('params.fast: got 0');
    } finally {
      await pool.close();
    }
  });

  it('cancels a running task through the shared flag and stays usable', async () => {
    const pool = createWorkerPool({ file: workerPath('backtest'), size: 1 });
    try {
      const controller = new AbortController();
      const progress: number[] = [];
      const running = pool.run(task({}, long), {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p as number);
          controller.abort();
        },
      });
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[0]).toBeLessThan(1);
      const after = await pool.run<BacktestSummary>(task({ fast: 5, slow: 40 }));
      expect(after.stats.bars).toBe(2_000);
    } finally {
      await pool.close();
    }
  });

  it('drops a queued task when it is cancelled', async () => {
    const pool = createWorkerPool({ file: workerPath('backtest'), size: 1 });
    try {
      const first = pool.run<BacktestSummary>(task({ fast: 5, slow: 40 }));
      const controller = new AbortController();
      const queued = pool.run(task({ fast: 6, slow: 40 }), { signal: controller.signal });
      controller.abort();
      await expect(queued).rejects.toMatchObject({ code: 'CANCELLED' });
      expect((await first).stats.bars).toBe(2_000);
    } finally {
      await pool.close();
    }
  });

  it('defaults to one worker per core', async () => {
    const pool = createWorkerPool({ file: workerPath('backtest') });
    const { availableParallelism } = await import('node:os');
    expect(pool.size).toBe(availableParallelism());
    await pool.close();
    await expect(pool.run(task({}))).rejects.toThrow('the worker pool is closed');
  });
});
