// What backtests.submit, .sweep and .walkForward accept. A run names what to trade — a saved
// strategy version, or a template with parameters inline — and how: universe, date range, cash,
// costs. Field descriptions feed the API explorer (system.procedures).
import { z } from 'zod';
import { costModelSchema, universeSchema } from '../strategy-library/strategy-input';
import { RANKABLE_STATS } from './rank-stats';

const bound = z.union([z.string().min(1), z.number()]);

export const runFields = {
  strategyId: z.number().int().positive().optional().describe('A saved strategy (strategies.list)'),
  strategyVersion: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("The strategy's version to run (default: its latest)"),
  template: z
    .string()
    .min(1)
    .optional()
    .describe('Instead of a strategy: a template name (strategies.templates)'),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("With template: its parameters (the template's defaults fill the rest)"),
  universe: universeSchema.optional().describe("Symbols and timeframe (default: the strategy's)"),
  costs: costModelSchema
    .optional()
    .describe("Cost model (default: the strategy's, or india: Indian charges for each instrument's segment)"),
  from: bound.describe('First bar: YYYY-MM-DD (IST), ISO date-time or epoch ms'),
  to: bound.describe('Last day, inclusive (YYYY-MM-DD), or an instant, exclusive'),
  cash: z.number().positive().max(1e12).default(1_000_000).describe('Initial cash, rupees'),
  warmupBars: z.int().min(0).max(100_000).default(0).describe('Bars before `from` fed to indicators only'),
  slippage: z.string().default('none').describe('none | ticks:<n> | bps:<n>'),
  product: z.enum(['delivery', 'intraday']).default('delivery'),
  riskFreeRate: z
    .number()
    .min(-1)
    .max(1)
    .default(0)
    .describe('Annual rate for Sharpe/Sortino (0.065 = 6.5 %)'),
};

export const submitInput = z.strictObject(runFields);
export type RunInput = z.output<typeof submitInput>;

export const gridField = z
  .record(z.string(), z.array(z.number()).min(1).max(100))
  .refine((g) => Object.keys(g).length > 0, 'at least one parameter')
  .describe('Parameter name → values to try; every combination runs (the base params fill the rest)');

export const rankByField = z
  .enum(RANKABLE_STATS)
  .default('sharpe')
  .describe('Statistic children are ranked by');

export const sweepInput = z.strictObject({ ...runFields, grid: gridField, rankBy: rankByField });
export type SweepInput = z.output<typeof sweepInput>;

export const walkForwardInput = z.strictObject({
  ...runFields,
  grid: gridField,
  rankBy: rankByField,
  train: z.int().min(2).describe('Bars each fold optimises on (in sample), e.g. 750'),
  test: z
    .int()
    .min(1)
    .describe('Bars each fold then trades the best parameters on (out of sample), e.g. 250'),
});
export type WalkForwardInput = z.output<typeof walkForwardInput>;

/** Most child runs a sweep or walk-forward plan may create. */
export const MAX_PLAN_RUNS = 2000;
