// strategies.*: the built-in templates, and users' own strategies (template + parameters +
// universe + cost model, versioned). Reads need viewer, changes operator; every query runs under
// the caller's row-level security (ctx.asUser), so users only ever see their own (admins: all).
import { z } from 'zod';
import {
  archiveStrategy,
  changeStrategy,
  createStrategy,
  createStrategyInput,
  updateStrategyInput,
} from '../../strategy-library/strategy-service';
import { getStrategy, listStrategies, listVersions } from '../../strategy-library/strategy-store';
import { listTemplates } from '../../strategies/index';
import { operatorProcedure, router, viewerProcedure } from '../trpc';
import { strategiesOutputs as out } from '../outputs/backtests';

const id = z.object({ id: z.number().int().positive() });

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

  create: operatorProcedure
    .meta({
      description: 'Creates a strategy (version 1); parameters are checked against the template',
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
    .mutation(({ ctx, input }) => ctx.asUser((db) => createStrategy(db, ctx.user.id, input))),

  update: operatorProcedure
    .meta({
      description:
        'Changes a strategy: new template, parameters, universe or costs add a version (backtests keep theirs); a rename does not',
      example: { id: 1, params: { fast: 12, slow: 40 } },
    })
    .input(updateStrategyInput)
    .output(out.one)
    .mutation(({ ctx, input }) => ctx.asUser((db) => changeStrategy(db, input))),

  archive: operatorProcedure
    .meta({
      description: 'Archives a strategy: hidden from lists, no new backtests; history kept',
      example: { id: 1 },
    })
    .input(id)
    .output(out.one)
    .mutation(({ ctx, input }) => ctx.asUser((db) => archiveStrategy(db, input.id))),
});
