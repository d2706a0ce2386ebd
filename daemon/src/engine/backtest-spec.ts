// A backtest as plain JSON: what the CLI builds from its flags and what the job system stores and
// passes to runBacktest. Validated here, once, with every problem reported by field.
import { z } from 'zod';
import { validationError } from '../core/errors';
import { fieldIssues } from '../core/zod-issues';
import { DEFAULT_COST_MODEL } from '../costs/index';

/** What a spec may say about an instrument (core/instrument.ts). */
const INSTRUMENT_FIELDS = {
  tickSize: z.number().positive().describe('Price step, rupees'),
  lotSize: z.int().min(1).describe('Quantity multiple (F&O lot size)'),
  freezeQty: z.int().min(1).describe('Largest quantity one order may have (F&O freeze limit)'),
  exchange: z.enum(['NSE', 'BSE']),
  segment: z.enum(['NSE_EQ', 'BSE_EQ', 'NSE_FNO', 'BSE_FNO', 'IDX_I']),
  kind: z.enum(['equity', 'future', 'option', 'index']),
};

export const backtestSpecSchema = z.strictObject({
  strategy: z.string().min(1).describe('Template name (see strategies.templates)'),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Template parameters; defaults fill the rest'),
  symbols: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Symbols to trade; all loaded series when omitted'),
  from: z
    .union([z.string(), z.number()])
    .optional()
    .describe('First bar: YYYY-MM-DD (IST), ISO date-time or epoch ms'),
  to: z.union([z.string(), z.number()]).optional().describe('Last day (inclusive) or instant (exclusive)'),
  warmupBars: z.int().min(0).default(0).describe('Bars before `from` fed to indicators without trading'),
  cash: z.number().positive().default(1_000_000).describe('Initial cash, rupees'),
  costs: z
    .string()
    .default(DEFAULT_COST_MODEL)
    .describe(
      'india (default: Indian charges for each instrument’s segment) | none | percent:<rate> | flat:<rupees> | india-delivery | india-intraday | india-futures | india-options',
    ),
  slippage: z.string().default('none').describe('none | ticks:<n> | bps:<n>'),
  product: z
    .enum(['delivery', 'intraday'])
    .default('delivery')
    .describe('intraday allows shorts and squares off at 15:20 IST'),
  equityPoints: z.int().min(2).default(2000).describe('Most points kept of the equity curve (for charts)'),
  riskFreeRate: z
    .number()
    .min(-1)
    .max(1)
    .default(0)
    .describe('Annual risk-free rate for Sharpe/Sortino (0.065 = 6.5 %)'),
  instrument: z
    .strictObject(INSTRUMENT_FIELDS)
    .partial()
    .default({})
    .describe('Instrument overrides applied to every symbol, over `instruments` (CSV data carries none)'),
  instruments: z
    .record(z.string().min(1), z.strictObject(INSTRUMENT_FIELDS).partial())
    .default({})
    .describe(
      "Each symbol's instrument from the instrument master (lot, tick, freeze quantity, segment); tick 0.05 and lot 1 where absent",
    ),
});

export type BacktestSpec = z.input<typeof backtestSpecSchema>;
export type NormalizedBacktestSpec = z.output<typeof backtestSpecSchema>;

/** Validates and fills defaults; throws VALIDATION_FAILED naming every bad field. */
export function normalizeSpec(spec: unknown): NormalizedBacktestSpec {
  const parsed = backtestSpecSchema.safeParse(spec);
  if (parsed.success) return parsed.data;
  const known = Object.keys(backtestSpecSchema.shape);
  throw validationError(fieldIssues(parsed.error.issues, spec, { known }), 'backtest spec');
}
