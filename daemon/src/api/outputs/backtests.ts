// Output schemas of strategies.* and backtests.* (see common.ts).
import { z } from 'zod';
import { BACKTEST_STATUSES } from '../../backtests/backtest-store';
import { costModelSchema } from '../../strategy-library/strategy-input';
import { decimalString, isoTime, jobId, jsonObject } from './common';

const status = z.enum(BACKTEST_STATUSES);

const strategyVersion = z.object({
  version: z.number().int(),
  template: z.string().nullable().describe('A built-in template, or null for code'),
  code: z
    .object({
      name: z.string().describe('The name its defineStrategy declares'),
      sourceHash: z.string().describe('SHA-256 of the source, hex'),
      language: z.enum(['ts', 'js']),
      paramSchema: jsonObject.describe('JSON Schema of its parameters'),
    })
    .nullable()
    .describe('User code (strategies.source has the source), or null for a template'),
  params: jsonObject,
  universe: z.object({ symbols: z.array(z.string()), timeframe: z.string() }),
  costs: costModelSchema,
  createdAt: isoTime,
});

export const strategy = z.object({
  id: z.number().int(),
  ownerId: z.number().int(),
  name: z.string(),
  description: z.string(),
  latestVersion: z.number().int(),
  archivedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  current: strategyVersion.describe('The latest version: what a new backtest of this strategy runs'),
});

export const strategiesOutputs = {
  templates: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      schema: jsonObject.describe('JSON Schema of the parameters'),
      defaults: jsonObject,
    }),
  ),
  list: z.object({ total: z.number().int(), items: z.array(strategy) }),
  get: strategy.extend({ versions: z.array(strategyVersion) }),
  one: strategy,
  source: z.object({
    strategyId: z.number().int(),
    version: z.number().int(),
    source: z.string(),
    sourceHash: z.string(),
    language: z.enum(['ts', 'js']),
  }),
  validate: z.object({
    ok: z.boolean(),
    sourceHash: z.string(),
    language: z.enum(['ts', 'js']),
    errors: z.array(
      z.object({
        stage: z.enum(['compile', 'types', 'load']),
        line: z.number().int(),
        column: z.number().int(),
        message: z.string(),
        lineText: z.string().optional(),
      }),
    ),
    description: z
      .object({ name: z.string(), description: z.string(), schema: jsonObject, defaults: jsonObject })
      .nullable()
      .describe('What the module declares, when it loads'),
  }),
  dryRun: z.object({
    ok: z.boolean(),
    bars: z.array(jsonObject).describe('The first bars onBar saw (symbol, index, time, OHLCV)'),
    orders: z.array(jsonObject).describe('The first orders placed, with how they ended'),
    onBarCalls: z.number(),
    ordersPlaced: z.number(),
    summary: jsonObject.nullable(),
    logs: z.object({ lines: z.array(jsonObject), dropped: z.number() }),
    error: z
      .object({ code: z.string(), message: z.string(), details: jsonObject.optional() })
      .nullable()
      .describe('STRATEGY_FAILED with details.location (line, column, lineText) when the code failed'),
  }),
};

export const backtest = z.object({
  id: z.number().int(),
  ownerId: z.number().int(),
  kind: z.enum(['single', 'sweep', 'walk-forward']),
  parentId: z.number().int().nullable(),
  strategyId: z.number().int().nullable(),
  strategyVersion: z.number().int().nullable(),
  status,
  percent: z.number().describe('Progress, 0 to 100'),
  barsPerSecond: z.number().nullable(),
  barsProcessed: z.number().nullable(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  attempt: z.number().int(),
  spec: jsonObject.describe(
    'Everything needed to run it again: template, params, universe, range, cash, costs',
  ),
  initialCash: decimalString,
  finalValue: decimalString.nullable(),
  finalCash: decimalString.nullable(),
  totalCosts: decimalString.nullable(),
  rankBy: z.string().nullable(),
  plan: jsonObject,
  stats: jsonObject.nullable().describe('Statistics (the headline figures in list); null until finished'),
  rangeFrom: isoTime.nullable(),
  rangeTo: isoTime.nullable(),
  queuedAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  synthetic: z.boolean().describe("The run's universe holds synthetic (generated) bars, not market prices"),
  strategyName: z.string().nullable().describe('The saved strategy’s name (null for inline templates)'),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().int(), offset: z.number().int(), items: z.array(item) });

export const tradeRow = z.object({
  seq: z.number().int(),
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  qty: decimalString,
  entryTime: isoTime,
  entryPrice: decimalString,
  exitTime: isoTime,
  exitPrice: decimalString,
  pnl: decimalString.describe('Gross profit, rupees'),
  netPnl: decimalString.describe('Profit after costs, rupees'),
  costs: decimalString,
});

const submitted = z.object({ id: z.number().int(), jobId, queuedAt: isoTime });

const runFigures = z
  .object({
    backtestId: z.number().int(),
    status: z.string(),
    totalReturn: z.number().nullable(),
    sharpe: z.number().nullable(),
    maxDrawdown: z.number().nullable(),
    rankValue: z.number().nullable().describe('The statistic runs were ranked by'),
  })
  .nullable();

const window = z.object({ from: isoTime, to: isoTime, bars: z.number().int().nullable() });

const equityCurve = z.object({
  time: z.array(z.number()).describe('Epoch ms of each point'),
  equity: z.array(z.number()).describe('Portfolio value, rupees'),
  drawdown: z.array(z.number()).describe('Fall from the running peak, as a fraction'),
  benchmark: z
    .array(z.number().nullable())
    .optional()
    .describe('Buy-and-hold of the universe from the same starting equity, rupees (null where unknown)'),
});

export const backtestsOutputs = {
  submitted,
  list: z.object({ total: z.number().int(), items: z.array(backtest) }),
  get: backtest.extend({
    children: z.record(status, z.number().int()).nullable().describe('Sweeps: children by status'),
  }),
  results: z.object({
    backtest,
    equity: equityCurve.nullable(),
    trades: page(tradeRow).nullable(),
    ranking: page(
      z.object({
        rank: z.number().int(),
        backtestId: z.number().int(),
        status: z.string(),
        plan: jsonObject,
        value: z.unknown(),
        stats: jsonObject.nullable(),
      }),
    ).nullable(),
  }),
  folds: z.object({
    id: z.number().int(),
    rankBy: z.string(),
    folds: z.array(
      z.object({
        fold: z.number().int(),
        train: window,
        test: window,
        inSampleRuns: z.number().int(),
        inSampleFinished: z.number().int(),
        chosen: jsonObject.nullable().describe('Parameters chosen in sample'),
        inSample: runFigures,
        outOfSample: runFigures,
      }),
    ),
    stitched: equityCurve.nullable().describe('Out-of-sample test windows chained into one curve'),
    outOfSample: jsonObject.nullable().describe('Stitched out-of-sample figures, once the run has finished'),
  }),
  cancel: backtest,
};
