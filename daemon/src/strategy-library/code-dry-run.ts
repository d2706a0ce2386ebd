// strategies.dryRun: user code run briefly on real bars — the demo data by default, or a chosen
// symbol — reporting the first bars its onBar saw, the first orders it placed and how they ended,
// its console lines, and any error with the source line (sandbox/dry-run.ts).
import { z } from 'zod';
import { sliceSeries } from '../core/bar';
import { parseTimeBound } from '../core/time-window';
import type { Pool } from '../db/pool';
import { loadBacktestBars } from '../market/bar-store';
import type { DryRunReport } from '../sandbox/dry-run';
import type { StrategyCode } from '../sandbox/strategy-code';
import { diagnosticsError, sourceFields } from './code-content';
import type { AsUser } from './strategy-service';
import { costModelName, costModelSchema, strategyFields } from './strategy-input';
import { getVersionSource, getStrategyVersion } from './strategy-store';

/** The demo universe's first symbol (market/synthetic-universe.ts), loaded on a daemon's first start. */
export const DRY_RUN_SYMBOL = 'DEMOBANK';
const DAY_MS = 86_400_000;

export const dryRunInput = z.strictObject({
  id: z.number().int().positive().optional().describe('A saved code strategy (else give source)'),
  version: z.number().int().positive().optional().describe('Its version (default: the latest)'),
  source: sourceFields.source.optional().describe('Code to try without saving it'),
  language: sourceFields.language.default('ts'),
  params: strategyFields.params
    .optional()
    .describe("Parameters (default: the saved version's, or the code's defaults)"),
  symbol: z
    .string()
    .trim()
    .min(1)
    .max(70)
    .default(DRY_RUN_SYMBOL)
    .describe('Symbol whose stored bars to run on'),
  timeframe: z.string().min(1).max(10).default('1d'),
  from: z
    .union([z.string().min(1), z.number()])
    .optional()
    .describe('First bar (default: 400 days ago)'),
  to: z.union([z.string().min(1), z.number()]).optional(),
  bars: z.int().min(10).max(5000).default(500).describe('At most this many bars (the latest of the range)'),
  cash: z.number().positive().max(1e12).default(1_000_000),
  costs: costModelSchema.default({ model: 'none' }),
});

export interface DryRunDeps {
  pool: Pool;
  asUser: AsUser;
  code: StrategyCode;
}

async function sourceOf(deps: DryRunDeps, input: z.output<typeof dryRunInput>) {
  if (input.source !== undefined)
    return { source: input.source, language: input.language, params: input.params ?? {} };
  if (input.id === undefined)
    throw diagnosticsError([
      { stage: 'compile', line: 1, column: 1, message: 'give a source, or the id of a saved code strategy' },
    ]);
  return deps.asUser(async (db) => {
    const saved = await getVersionSource(db, input.id!, input.version);
    const { version } = await getStrategyVersion(db, input.id!, saved.version);
    return { source: saved.source, language: saved.language, params: input.params ?? version.params };
  });
}

export async function dryRunCode(
  deps: DryRunDeps,
  input: z.output<typeof dryRunInput>,
): Promise<DryRunReport> {
  const { source, language, params } = await sourceOf(deps, input);
  const { strategy, errors } = await deps.code.compile(source, language);
  if (!strategy) throw diagnosticsError(errors);
  const [series] = await loadBacktestBars(deps.pool, {
    symbols: [input.symbol],
    timeframe: input.timeframe,
    from: input.from === undefined ? Date.now() - 400 * DAY_MS : parseTimeBound(input.from, 'from'),
    to: input.to === undefined ? undefined : parseTimeBound(input.to, 'to'),
  });
  const s = series!;
  const last = s.length > input.bars ? sliceSeries(s, s.length - input.bars, s.length) : s;
  const spec = { strategy: 'dry-run', params, cash: input.cash, costs: costModelName(input.costs) };
  return deps.code.dryRun(strategy, spec, new Map([[last.symbol, last]]));
}
