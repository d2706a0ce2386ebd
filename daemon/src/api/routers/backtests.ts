// backtests.*: submit runs (single, parameter sweep, walk-forward), follow them, read results,
// cancel. Submitting and cancelling need operator; reading needs viewer. Every query runs under
// the caller's row-level security (ctx.asUser): users see only their own runs (admins: all).
import { z } from 'zod';
import { submitInput, sweepInput, walkForwardInput } from '../../backtests/backtest-input';
import { cancelBacktest } from '../../backtests/backtest-cancel';
import { BACKTEST_STATUSES, childCounts, getBacktest, listBacktests } from '../../backtests/backtest-store';
import { submitBacktest, submitSweep, submitWalkForward, type Caller } from '../../backtests/backtest-submit';
import { progressStream } from '../../backtests/progress-stream';
import { readResults, resultsInput } from '../../backtests/result-reader';
import { readWalkForward } from '../../backtests/walk-forward-view';
import type { Context } from '../context';
import type { AuthedContext } from '../trpc';
import { operatorProcedure, router, viewerProcedure } from '../trpc';
import { backtestsOutputs as out } from '../outputs/backtests';

const id = z.object({ id: z.number().int().positive() });

const caller = (ctx: Context & AuthedContext): Caller => ({
  user: ctx.user,
  asUser: ctx.asUser,
  boss: ctx.jobs.boss,
  bus: ctx.bus,
  log: ctx.log.child({ module: 'backtests' }),
  code: ctx.strategyCode,
});

const example = {
  template: 'sma-cross',
  params: { fast: 10, slow: 30, size: 10 },
  universe: { symbols: ['RELIANCE'], timeframe: '1d' },
  from: '2024-01-01',
  to: '2024-12-31',
  cash: 1_000_000,
  costs: { model: 'india-delivery' },
};

export const backtestsRouter = router({
  submit: operatorProcedure
    .meta({ description: 'Queues a backtest of a saved strategy version or an inline template', example })
    .input(submitInput)
    .output(out.submitted)
    .mutation(({ ctx, input }) => submitBacktest(caller(ctx), input)),

  sweep: operatorProcedure
    .meta({
      description:
        'Queues a parameter sweep: every grid combination runs as a child backtest, ranked by rankBy',
      example: { ...example, grid: { fast: [5, 10, 20], slow: [30, 50] }, rankBy: 'sharpe' },
    })
    .input(sweepInput)
    .output(out.submitted)
    .mutation(({ ctx, input }) => submitSweep(caller(ctx), input)),

  walkForward: operatorProcedure
    .meta({
      description:
        'Queues a walk-forward run: per fold, the grid runs in sample and the best parameters run out of sample',
      // 2020–2024 holds about 1,240 daily sessions: three folds of 500 bars in sample, 250 out.
      example: {
        ...example,
        from: '2020-01-01',
        grid: { fast: [5, 10], slow: [30, 50] },
        train: 500,
        test: 250,
      },
    })
    .input(walkForwardInput)
    .output(out.submitted)
    .mutation(({ ctx, input }) => submitWalkForward(caller(ctx), input)),

  list: viewerProcedure
    .meta({
      description: 'Your backtests, newest first (children of a sweep with parentId)',
      example: { limit: 20 },
    })
    .input(
      z
        .strictObject({
          status: z.array(z.enum(BACKTEST_STATUSES)).optional(),
          kind: z.enum(['single', 'sweep', 'walk-forward']).optional(),
          strategyId: z.number().int().positive().optional(),
          parentId: z.number().int().positive().optional(),
          symbol: z.string().trim().min(1).max(80).optional().describe('Runs whose universe includes it'),
          synthetic: z.boolean().optional().describe('Only runs on synthetic (true) or market (false) data'),
          limit: z.int().min(1).max(500).default(50),
          offset: z.int().min(0).default(0),
        })
        .default({ limit: 50, offset: 0 }),
    )
    .output(out.list)
    .query(({ ctx, input }) => ctx.asUser((db) => listBacktests(db, input))),

  get: viewerProcedure
    .meta({
      description: 'One backtest: status, progress, spec, statistics (children by status for sweeps)',
      example: { id: 1 },
    })
    .input(id)
    .output(out.get)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        const backtest = await getBacktest(db, input.id);
        return {
          ...backtest,
          children: backtest.kind === 'single' ? null : await childCounts(db, backtest.id),
        };
      }),
    ),

  results: viewerProcedure
    .meta({
      description:
        'Statistics, equity and drawdown curves (at most `points` points, extremes kept) and a page of trades; for sweeps, the ranked children',
      example: { id: 1, points: 500, offset: 0, limit: 100 },
    })
    .input(resultsInput)
    .output(out.results)
    .query(({ ctx, input }) => ctx.asUser((db) => readResults(db, input))),

  folds: viewerProcedure
    .meta({
      description:
        "A walk-forward run's folds (windows, chosen parameters, in- and out-of-sample return and Sharpe) and its stitched out-of-sample equity",
      example: { id: 1, points: 500 },
    })
    .input(id.extend({ points: z.int().min(10).max(20_000).default(500) }))
    .output(out.folds)
    .query(({ ctx, input }) => ctx.asUser((db) => readWalkForward(db, input.id, input.points))),

  cancel: operatorProcedure
    .meta({
      description: 'Cancels a queued or running backtest (a sweep: with its children)',
      example: { id: 1 },
    })
    .input(id)
    .output(out.cancel)
    .mutation(({ ctx, input }) =>
      cancelBacktest({ ...caller(ctx), jobs: ctx.jobs, pool: ctx.pool, log: ctx.log }, input.id),
    ),

  progress: viewerProcedure
    .meta({
      description: 'Streams status and progress (percent, bars/s) until the run finishes',
      example: { id: 1 },
    })
    .input(id.extend({ includeChildren: z.boolean().default(false) }))
    .subscription(({ ctx, input, signal }) =>
      progressStream({
        bus: ctx.bus,
        user: ctx.user,
        asUser: ctx.asUser,
        id: input.id,
        includeChildren: input.includeChildren,
        signal,
      }),
    ),
});
