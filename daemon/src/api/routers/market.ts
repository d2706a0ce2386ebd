// market.*: instruments, stored bars (downsampled for charts), data quality, and ingests (CSV
// import, Yahoo/Dhan fetch, synthetic data) that run as data.ingest jobs and report progress
// on the bus ('market.ingest'). Market data is shared: reading needs viewer, ingesting operator,
// importing a file from the daemon's own disk admin.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { parseTimeBound } from '../../core/time-window';
import { bseCalendar, nseCalendar } from '../../core/calendar/trading-calendar';
import { readCoverage } from '../../market/bar-coverage';
import { MAX_DAYS, readDayCoverage } from '../../market/day-coverage';
import { loadBars } from '../../market/bar-store';
import { downsampleBars } from '../../market/downsample';
import { resolveImportPath } from '../../market/import-path';
import { ingestProgress } from '../../market/ingest-progress';
import { csvRequest } from '../../market/ingest-run';
import { getIngest, listIngests, type IngestKind, type IngestViewer } from '../../market/ingest-store';
import { submitIngest } from '../../market/ingest-submit';
import { searchInstruments } from '../../market/instrument-search';
import { findInstruments } from '../../market/instrument-store';
import { checkStoredQuality } from '../../market/stored-quality';
import { checkSyntheticTotal } from '../../market/synthetic-universe';
import type { Context } from '../context';
import type { AuthedContext } from '../trpc';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../trpc';
import { marketOutputs as out } from '../outputs/market';

/** Without maxPoints, a response holds at most this many bars (6 numbers each). */
const MAX_RAW_BARS = 200_000;

const bound = z.union([z.string().min(1), z.number()]);
const range = z.object({
  symbol: z.string().min(1).max(80),
  timeframe: z.string().default('1d'),
  from: bound.optional(),
  to: bound.optional(),
});

function viewerOf(user: { id: number; role: string }): IngestViewer {
  return user.role === 'admin' ? { admin: true } : { ownerId: user.id };
}

function epochRange(input: { from?: string | number; to?: string | number }) {
  return {
    from: input.from === undefined ? undefined : parseTimeBound(input.from, 'from'),
    to: input.to === undefined ? undefined : parseTimeBound(input.to, 'to'),
  };
}

function enqueueIngest(ctx: Context & AuthedContext, kind: IngestKind, request: object) {
  return submitIngest({ pool: ctx.pool, boss: ctx.jobs.boss, bus: ctx.bus }, kind, request, ctx.user.id);
}

const fetchInput = z.object({
  source: z.enum(['yahoo', 'dhan']),
  symbol: z.string().min(1).max(80),
  timeframe: z.string().default('1d'),
  from: bound,
  to: bound,
  adjust: z.boolean().optional(),
});

export const marketRouter = router({
  instruments: viewerProcedure
    .meta({
      description: 'Searches instruments by symbol prefix or name, paged, with the bars stored for each',
      example: { query: 'TCS', limit: 20 },
    })
    .input(
      z.object({
        query: z.string().max(80).optional(),
        segment: z.enum(['NSE_EQ', 'BSE_EQ', 'NSE_FNO', 'BSE_FNO', 'IDX_I']).optional(),
        withBars: z.boolean().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .output(out.instruments)
    .query(({ ctx, input }) => searchInstruments(ctx.pool, input)),

  coverage: viewerProcedure
    .meta({
      description: 'What the bar store holds: symbol, timeframe, first/last bar, count, source, synthetic',
    })
    .output(out.coverage)
    .query(async ({ ctx }) =>
      (await readCoverage(ctx.pool)).map((c) => ({
        ...c,
        first: new Date(c.first).toISOString(),
        last: new Date(c.last).toISOString(),
      })),
    ),

  calendar: viewerProcedure
    .meta({
      description: `Bars stored per IST day against the exchange calendar (full, partial, missing, closed…), at most ${MAX_DAYS} days; default everything stored (its last ${MAX_DAYS} days)`,
      example: { symbol: 'DEMOBANK', timeframe: '1d', from: '2024-01-01', to: '2024-12-31' },
    })
    .input(
      z.object({
        symbol: z.string().min(1).max(80),
        timeframe: z.string().max(8).default('1d'),
        from: z.string().max(10).optional().describe('IST date YYYY-MM-DD'),
        to: z.string().max(10).optional().describe('IST date YYYY-MM-DD (inclusive)'),
      }),
    )
    .output(out.calendar)
    .query(async ({ ctx, input }) => {
      const [instrument] = await findInstruments(ctx.pool, [input.symbol]);
      const [coverage] = (await readCoverage(ctx.pool, [instrument!.id])).filter(
        (c) => c.timeframe === input.timeframe,
      );
      // As the quality report: indices and anything not listed on BSE follow NSE's sessions.
      const calendar = instrument!.exchange === 'BSE' ? bseCalendar : nseCalendar;
      const strip = await readDayCoverage(ctx.pool, calendar, {
        instrumentId: instrument!.id,
        timeframe: input.timeframe,
        from: input.from,
        to: input.to,
        firstBar: coverage?.first,
        lastBar: coverage?.last,
      });
      return { symbol: instrument!.symbol, timeframe: input.timeframe, ...strip };
    }),

  bars: viewerProcedure
    .meta({
      description:
        'Stored bars of one symbol over [from, to); maxPoints merges runs of bars (OHLC kept) for charts',
      example: { symbol: 'DEMOBANK', timeframe: '1d', from: '2024-01-01', to: '2024-12-31', maxPoints: 500 },
    })
    .input(range.extend({ maxPoints: z.number().int().min(10).max(100_000).optional() }))
    .output(out.bars)
    .query(async ({ ctx, input }) => {
      const [instrument] = await findInstruments(ctx.pool, [input.symbol]);
      const [series] = await loadBars(ctx.pool, {
        symbols: [input.symbol],
        timeframe: input.timeframe,
        ...epochRange(input),
      });
      if (input.maxPoints === undefined && series!.length > MAX_RAW_BARS) {
        throw new AppError(
          'VALIDATION_FAILED',
          `${series!.length} bars in the range: pass maxPoints (at most ${MAX_RAW_BARS} raw bars per request) or a narrower range`,
        );
      }
      const shown = input.maxPoints === undefined ? series! : downsampleBars(series!, input.maxPoints);
      return {
        symbol: instrument!.symbol,
        exchange: instrument!.exchange,
        synthetic: instrument!.synthetic,
        timeframe: series!.timeframe,
        /** Bars in the range before downsampling. */
        total: series!.length,
        /** Epoch ms of each bar's start. */
        time: Array.from(shown.time),
        open: Array.from(shown.open),
        high: Array.from(shown.high),
        low: Array.from(shown.low),
        close: Array.from(shown.close),
        volume: Array.from(shown.volume),
      };
    }),

  quality: viewerProcedure
    .meta({
      description:
        'Data-quality report: missing sessions, closed-day bars, duplicates, OHLC, prices, zero volume, outliers',
      example: { symbol: 'DEMOBANK', timeframe: '1d' },
    })
    .input(range)
    .output(out.quality)
    .query(({ ctx, input }) =>
      checkStoredQuality(ctx.pool, {
        symbol: input.symbol,
        timeframe: input.timeframe,
        ...epochRange(input),
      }),
    ),

  import: operatorProcedure
    .meta({
      description: 'Queues a CSV import (text up to ~4 MB; all-or-nothing, bad rows reported by line)',
      example: {
        symbol: 'TCS',
        csv: 'Date,Open,High,Low,Close,Volume\n2025-01-06,1,2,1,2,100\n',
        timeframe: '1d',
      },
    })
    .input(csvRequest.omit({ path: true }).extend({ csv: z.string().min(1) }))
    .output(out.queued)
    .mutation(({ ctx, input }) => enqueueIngest(ctx, 'csv', input)),

  importFile: adminProcedure
    .meta({
      description:
        'Queues an import of a CSV file from the import directory on the daemon (QUANTTRADE_IMPORT_DIR; large files)',
      example: { symbol: 'TCS', path: 'tcs-1m.csv', timeframe: '1m' },
    })
    .input(csvRequest.omit({ csv: true }).extend({ path: z.string().min(1).max(4096) }))
    .output(out.queued)
    .mutation(async ({ ctx, input }) => {
      const places = { importDir: ctx.config.importDir, home: ctx.config.home };
      return enqueueIngest(ctx, 'csv', { ...input, path: await resolveImportPath(places, input.path) });
    }),

  fetch: operatorProcedure
    .meta({
      description: 'Queues a fetch of bars from Yahoo Finance or Dhan into the store',
      example: { source: 'yahoo', symbol: 'TCS', timeframe: '1d', from: '2024-01-01', to: '2024-12-31' },
    })
    .input(fetchInput)
    .output(out.queued)
    .mutation(({ ctx, input }) => {
      const { from, to } = epochRange(input);
      return enqueueIngest(ctx, input.source, {
        symbol: input.symbol,
        timeframe: input.timeframe,
        from,
        to,
        adjust: input.adjust,
      });
    }),

  synth: operatorProcedure
    .meta({
      description: 'Queues seeded synthetic bars for PREFIX1…PREFIXn (stored as synthetic instruments)',
      example: { symbols: 3, bars: 1000 },
    })
    .input(
      z
        .object({
          symbols: z.number().int().min(1).max(1000),
          bars: z.number().int().min(1).max(5_000_000),
          timeframe: z.string().default('1d'),
          startDate: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .default('2020-01-01'),
          seed: z.number().int().default(1),
          prefix: z
            .string()
            .regex(/^[A-Z][A-Z0-9]{0,20}$/)
            .default('SYN'),
        })
        .superRefine(checkSyntheticTotal),
    )
    .output(out.queued)
    .mutation(({ ctx, input }) => enqueueIngest(ctx, 'synthetic', input)),

  ingest: viewerProcedure
    .meta({
      description: 'One ingest: status, progress, bars written, and the error with bad lines if it failed',
      example: { id: 1 },
    })
    .input(z.object({ id: z.number().int().positive() }))
    .output(out.ingest)
    .query(async ({ ctx, input }) => {
      const row = await getIngest(ctx.pool, input.id, viewerOf(ctx.user));
      if (!row) throw new AppError('NOT_FOUND', `market ingest ${input.id} does not exist`);
      return row;
    }),

  ingests: viewerProcedure
    .meta({ description: 'Recent ingests, newest first', example: { limit: 20 } })
    .input(z.object({ limit: z.number().int().min(1).max(200).default(20) }))
    .output(out.ingests)
    .query(({ ctx, input }) => listIngests(ctx.pool, input.limit, viewerOf(ctx.user))),

  ingestProgress: viewerProcedure
    .meta({ description: 'Progress events of one ingest until it ends' })
    .input(z.object({ id: z.number().int().positive() }))
    .subscription(({ ctx, input, signal }) =>
      ingestProgress({ bus: ctx.bus, pool: ctx.pool, user: ctx.user, id: input.id, signal }),
    ),
});
