// Parameter sweeps and walk-forward runs as jobs: the backtest.sweep job plans child backtests,
// the children run on the backtest.run queue, and the parent is ranked and closed by the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../daemon/src/api/router';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { followProgress, waitForStatus } from './support/backtest-helpers';
import { freshRange, seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  t = await startTestDaemon();
  bars = await seedDailyBars(t.pool, 'SWEEPTEST', 600, { seed: 11 });
});
afterAll(async () => {
  await t?.stop();
});

type ApiError = TRPCClientError<AppRouter>;

const base = () => ({
  template: 'sma-cross',
  params: { size: 10 },
  universe: { symbols: [bars.symbol], timeframe: '1d' },
  from: bars.from,
  to: bars.to,
});

describe('backtests.sweep', () => {
  it('runs every valid combination and ranks the children by the chosen statistic', async () => {
    const api = t.api('operator');
    // fast=25 with slow=20 is not a valid sma-cross: skipped, not failed.
    const sweep = await api.backtests.sweep.mutate({
      ...base(),
      grid: { fast: [3, 5, 25], slow: [10, 20] },
      rankBy: 'totalReturn',
    });
    const events = await followProgress(t.client('operator'), sweep.id);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', percent: 100 });

    const parent = await api.backtests.get.query({ id: sweep.id });
    expect(parent).toMatchObject({ kind: 'sweep', rankBy: 'totalReturn', plan: { runs: 4, skipped: 2 } });
    expect(parent.children).toMatchObject({ succeeded: 4, failed: 0, queued: 0, running: 0 });

    const r = await api.backtests.results.query({ id: sweep.id, limit: 10 });
    const ranking = r.ranking!;
    expect(ranking.total).toBe(4);
    const values = ranking.items.map((c) => c.value as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(ranking.items.map((c) => c.rank)).toEqual([1, 2, 3, 4]);
    expect(parent.stats).toMatchObject({
      rankBy: 'totalReturn',
      best: { backtestId: ranking.items[0]!.backtestId },
    });
    const points = ranking.items.map((c) => JSON.stringify(c.plan.values)).sort();
    expect(points).toEqual(
      ['{"fast":3,"slow":10}', '{"fast":3,"slow":20}', '{"fast":5,"slow":10}', '{"fast":5,"slow":20}'].sort(),
    );
    // Children are ordinary backtests of the same owner, listed under their parent.
    const children = await api.backtests.list.query({ parentId: sweep.id });
    expect(children.total).toBe(4);
    expect(children.items.every((c) => c.ownerId === t.users.operator.id && c.parentId === sweep.id)).toBe(
      true,
    );
    expect((await api.backtests.list.query({})).items.map((b) => b.id)).not.toContain(children.items[0]!.id);
  });

  it('names a grid parameter the template does not have', async () => {
    const err = (await t
      .api('operator')
      .backtests.sweep.mutate({ ...base(), grid: { speed: [1, 2] } })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(
      /grid\.speed: got \[1,2\], expected a parameter of sma-cross \(fast, slow, size\)/,
    );
  });

  it('cancels a sweep with its children', async () => {
    const api = t.api('operator');
    const lock = await t.pool.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE bars IN ACCESS EXCLUSIVE MODE');
    try {
      // A range of its own: the children must read the bars table (no thread has them cached).
      const sweep = await api.backtests.sweep.mutate({
        ...base(),
        ...freshRange(bars),
        grid: { fast: [2, 3, 4, 5, 6] },
      });
      await waitForStatus(t.pool, sweep.id, ['running']);
      await api.backtests.cancel.mutate({ id: sweep.id });
      expect((await waitForStatus(t.pool, sweep.id, ['cancelled', 'succeeded', 'failed'], 5000)).status).toBe(
        'cancelled',
      );
      const { rows } = await t.pool.query(`SELECT DISTINCT status FROM backtests WHERE parent_id = $1`, [
        sweep.id,
      ]);
      expect(rows.map((r) => r.status)).toEqual(['cancelled']);
    } finally {
      await lock.query('ROLLBACK');
      lock.release();
    }
  });
});

describe('backtests.walkForward', () => {
  it('optimises each fold in sample and trades the winner out of sample', async () => {
    const api = t.api('operator');
    const run = await api.backtests.walkForward.mutate({
      ...base(),
      grid: { fast: [3, 6], slow: [15] },
      rankBy: 'sharpe',
      train: 200,
      test: 100,
    });
    const done = await waitForStatus(t.pool, run.id, ['succeeded', 'failed'], 30_000);
    expect(done.status).toBe('succeeded');
    const parent = await api.backtests.get.query({ id: run.id });
    // 600 bars, train 200, test 100: folds start at bars 0, 100, 200 and 300.
    const stats = parent.stats as {
      folds: {
        fold: number;
        chosen: { backtestId: number; values: object } | null;
        outOfSampleRun: { backtestId: number; status: string };
      }[];
      outOfSample: { folds: number; bars: number; totalReturn: number };
    };
    expect(stats.folds).toHaveLength(4);
    expect(parent.children).toMatchObject({ succeeded: 4 * 2 + 4 });
    for (const fold of stats.folds) {
      expect(fold.outOfSampleRun.status).toBe('succeeded');
      const oos = await api.backtests.get.query({ id: fold.outOfSampleRun.backtestId });
      const chosen = await api.backtests.get.query({ id: fold.chosen!.backtestId });
      // The out-of-sample run trades the in-sample winner's parameters, after its window.
      expect((oos.spec as { params: object }).params).toEqual((chosen.spec as { params: object }).params);
      expect(oos.plan).toMatchObject({ role: 'out-of-sample', fold: fold.fold, chosenFrom: chosen.id });
      expect(Date.parse(oos.rangeFrom!)).toBeGreaterThanOrEqual(Date.parse(chosen.rangeTo!));
    }
    expect(stats.outOfSample.folds).toBe(4);
    expect(stats.outOfSample.bars).toBe(300 + 100);
    expect(typeof stats.outOfSample.totalReturn).toBe('number');
  });

  it('refuses a training window longer than the data', async () => {
    const err = (await t
      .api('operator')
      .backtests.walkForward.mutate({ ...base(), grid: { fast: [3] }, train: 5000, test: 100 })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(
      /train: got 5000, expected at most 550 bars: SWEEPTEST has 600 in the range and a test window needs at least 50/,
    );
  });
});
