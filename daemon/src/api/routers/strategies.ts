// strategies.*: the built-in templates, and users' own strategies — a template with parameters,
// or the source of their own code (issue 16) — with a universe and a cost model, versioned. Reads
// need viewer, changes operator; every query runs under the caller's row-level security
// (ctx.asUser), so users only ever see their own (admins: all). Code is checked in the strategy
// sandbox (ctx.strategyCode): never run in the daemon itself.
import { z } from 'zod';
import { sourceFields } from '../../strategy-library/code-content';
import { dryRunCode, dryRunInput } from '../../strategy-library/code-dry-run';
import {
  archiveStrategy,
  changeStrategy,
  createStrategy,
  createStrategyInput,
  updateStrategyInput,
} from '../../strategy-library/strategy-service';
import {
  getStrategy,
  getVersionSource,
  listStrategies,
  listVersions,
} from '../../strategy-library/strategy-store';
import { listTemplates } from '../../strategies/index';
import { operatorProcedure, router, viewerProcedure } from '../trpc';
import { strategiesOutputs as out } from '../outputs/backtests';

const id = z.object({ id: z.number().int().positive() });

const EXAMPLE_SOURCE = `import { defineStrategy, z } from 'quanttrade/strategy';
import { crossover, sma } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'my-sma',
  description: 'SMA crossover',
  params: z.strictObject({ fast: z.int().min(1).default(10), slow: z.int().min(2).default(30), size: z.int().min(1).default(10) }),
  init(ctx) {
    return { cross: ctx.indicator(crossover(ctx.indicator(sma(ctx.params.fast)), ctx.indicator(sma(ctx.params.slow)))) };
  },
  onBar(ctx, { cross }) {
    if (ctx.position.qty === 0 && cross.up) ctx.buy(ctx.params.size);
    else if (ctx.position.qty > 0 && cross.down) ctx.close();
  },
});
`;

export const strategiesRouter = router({
  templates: viewerProcedure
    .meta({ description: 'Every built-in template: description, parameter JSON Schema and defaults' })
    .output(out.templates)
    .query(() => listTemplates()),

  list: viewerProcedure
    .meta({ description: 'Your strategies, newest first, with their latest version', example: { limit: 50 } })
    .input(
      z
        .strictObject({
          includeArchived: z.boolean().default(false),
          limit: z.int().min(1).max(500).default(50),
          offset: z.int().min(0).default(0),
        })
        .default({ includeArchived: false, limit: 50, offset: 0 }),
    )
    .output(out.list)
    .query(({ ctx, input }) => ctx.asUser((db) => listStrategies(db, input))),

  get: viewerProcedure
    .meta({
      description: 'One strategy, its latest version and the list of its versions',
      example: { id: 1 },
    })
    .input(id)
    .output(out.get)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => ({
        ...(await getStrategy(db, input.id)),
        versions: await listVersions(db, input.id),
      })),
    ),

  source: viewerProcedure
    .meta({
      description:
        "A code strategy's source (its latest version, or `version`), with its SHA-256 and language",
      example: { id: 1 },
    })
    .input(
      z.strictObject({ id: z.number().int().positive(), version: z.number().int().positive().optional() }),
    )
    .output(out.source)
    .query(({ ctx, input }) => ctx.asUser((db) => getVersionSource(db, input.id, input.version))),

  validate: operatorProcedure
    .meta({
      description:
        'Checks strategy code without saving it: compiled, type-checked against the strategy API, loaded in the sandbox; errors with line and column, else its name, parameter JSON Schema and defaults',
      example: { source: EXAMPLE_SOURCE, language: 'ts' },
    })
    .input(
      z.strictObject({
        source: sourceFields.source,
        language: sourceFields.language.default('ts'),
        typeCheck: z.boolean().default(true).describe('Type-check TypeScript (false: compile and load only)'),
      }),
    )
    .output(out.validate)
    .mutation(async ({ ctx, input }) => {
      const { report } = await ctx.strategyCode.check(input.source, input.language, {
        typeCheck: input.typeCheck,
      });
      return report;
    }),

  dryRun: operatorProcedure
    .meta({
      description:
        'Runs strategy code (given, or a saved version) briefly on stored bars — DEMOBANK 1d by default — and reports the first bars, orders, console lines and any error with its source line',
      example: { source: EXAMPLE_SOURCE, symbol: 'DEMOBANK', bars: 300 },
    })
    .input(dryRunInput)
    .output(out.dryRun)
    .mutation(({ ctx, input }) =>
      dryRunCode({ pool: ctx.pool, asUser: ctx.asUser, code: ctx.strategyCode }, input),
    ),

  create: operatorProcedure
    .meta({
      description:
        "Creates a strategy (version 1) from a template or from code (`source`); parameters are checked against the template's or the code's own schema",
      example: {
        name: 'RELIANCE SMA 10/30',
        template: 'sma-cross',
        params: { fast: 10, slow: 30, size: 10 },
        universe: { symbols: ['RELIANCE'], timeframe: '1d' },
        costs: { model: 'india-delivery' },
      },
    })
    .input(createStrategyInput)
    .output(out.one)
    .mutation(({ ctx, input }) => createStrategy(ctx.asUser, ctx.strategyCode, ctx.user.id, input)),

  update: operatorProcedure
    .meta({
      description:
        'Changes a strategy: new source, template, parameters, universe or costs add a version (backtests keep theirs); a rename does not',
      example: { id: 1, params: { fast: 12, slow: 40 } },
    })
    .input(updateStrategyInput)
    .output(out.one)
    .mutation(({ ctx, input }) => changeStrategy(ctx.asUser, ctx.strategyCode, input)),

  archive: operatorProcedure
    .meta({
      description: 'Archives a strategy: hidden from lists, no new backtests; history kept',
      example: { id: 1 },
    })
    .input(id)
    .output(out.one)
    .mutation(({ ctx, input }) => ctx.asUser((db) => archiveStrategy(db, input.id))),
});
