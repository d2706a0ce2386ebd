// Streamed downloads of exports (daemon/src/exports/): stored bars and a backtest's results as
// CSV or Parquet. Not procedures — a download is bytes, not JSON — but held to the same rules:
// an explicit minimum role checked by the procedures' own check (authorize), input validated by
// a zod schema with the usual field errors, row-level security for user-owned rows. Everything
// that can fail is checked before the first byte; the rows are then streamed from the database
// to the client a batch at a time, in one read-only snapshot, at the pace the client reads.
import { PassThrough } from 'node:stream';
import { TRPCError } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { parseOrThrow } from '../../core/zod-issues';
import type { PoolClient } from '../../db/pool';
import { enterUserScope } from '../../db/user-scope';
import { parseTimeBound } from '../../core/time-window';
import { backtestTables } from '../../exports/backtest-tables';
import { barTable } from '../../exports/bar-table';
import { DEPLOYMENT_TABLES, deploymentTables } from '../../exports/deployment-tables';
import { fileName, writeTable } from '../../exports/export-writer';
import { streamSink } from '../../exports/sink';
import { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat, type ExportTable } from '../../exports/table';
import { findInstruments } from '../../market/instrument-store';
import type { ApiDeps, Context, ContextInput } from '../context';
import { trpcCodeFor } from '../error-mapping';
import { authorize, type MinimumRole } from '../trpc';
import { toJsonSchema } from './json-schema';
import { errorResponses, type PathItem } from './openapi-document';
import { sendTrpcError } from './rest-errors';
import type { ExtraRoute } from './rest-api';

const format = z.enum(EXPORT_FORMATS as [ExportFormat, ...ExportFormat[]]).describe('csv or parquet');
const bound = z.string().min(1).max(40);

const barsQuery = z.strictObject({
  symbol: z.string().min(1).max(80),
  timeframe: z.string().max(8).default('1d'),
  from: bound.optional().describe('IST date (inclusive) or ISO time'),
  to: bound.optional().describe('IST date (inclusive: through that day) or ISO time (exclusive)'),
  format,
});

const backtestQuery = z.strictObject({
  id: z.coerce.number().int().positive(),
  table: z
    .enum(['trades', 'orders', 'equity'])
    .describe('trades: closed round trips; orders: every order of the run; equity: the equity curve'),
  format,
});

const deploymentQuery = z.strictObject({
  id: z.coerce.number().int().positive(),
  table: z
    .enum(DEPLOYMENT_TABLES)
    .describe('fills: every fill with its charges by component; eod: one row per end-of-day report'),
  format,
});

interface Download<S extends z.ZodType> {
  url: string;
  role: MinimumRole;
  summary: string;
  query: S;
  /** Runs in the download's transaction; what to send. Throw AppErrors before returning. */
  prepare(db: PoolClient, input: z.output<S>, ctx: Context): Promise<ExportTable>;
}

const downloads = [
  {
    url: '/api/exports/bars',
    role: 'viewer',
    summary: 'Stored bars of one symbol and timeframe as CSV or Parquet, streamed',
    query: barsQuery,
    async prepare(db, input) {
      const [instrument] = await findInstruments(db, [input.symbol]);
      return barTable(db, instrument!, {
        timeframe: input.timeframe,
        from: input.from === undefined ? undefined : parseTimeBound(input.from, 'from'),
        to: input.to === undefined ? undefined : parseTimeBound(input.to, 'to'),
      });
    },
  } satisfies Download<typeof barsQuery>,
  {
    url: '/api/exports/backtest',
    role: 'viewer',
    summary:
      "A backtest's trades or equity curve as CSV or Parquet, streamed (your own backtests; admins: all)",
    query: backtestQuery,
    async prepare(db, input, ctx) {
      await enterUserScope(db, { userId: ctx.user!.id, role: ctx.user!.role });
      const { tables } = await backtestTables(db, input.id);
      return tables.find((t) => t.name.endsWith(`-${input.table}`))!;
    },
  } satisfies Download<typeof backtestQuery>,
  {
    url: '/api/exports/deployment',
    role: 'viewer',
    summary:
      "A deployment's fills (charges by component) or its end-of-day reports as CSV or Parquet, streamed (your own deployments; admins: all)",
    query: deploymentQuery,
    async prepare(db, input, ctx) {
      await enterUserScope(db, { userId: ctx.user!.id, role: ctx.user!.role });
      const { tables } = await deploymentTables(db, input.id);
      return tables.find((t) => t.name.endsWith(`-${input.table}`))!;
    },
  } satisfies Download<typeof deploymentQuery>,
] as const;

function asTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError)
    return new TRPCError({ code: trpcCodeFor(error), message: error.message, cause: error });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
}

async function serve<S extends z.ZodType>(
  deps: ApiDeps,
  createContext: (input: ContextInput) => Promise<Context>,
  download: Download<S>,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  let db: PoolClient | undefined;
  try {
    const ctx = await createContext({ req: request });
    authorize(ctx, download.role, download.url);
    const input = parseOrThrow(download.query, request.query);
    db = await deps.pool.connect();
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const table = await download.prepare(db, input, ctx);
    const fmt = (input as { format: ExportFormat }).format;
    const body = new PassThrough();
    const client = db;
    db = undefined;
    // Written after the headers go out; a failure now can only cut the download short.
    void writeTable(table, fmt, streamSink(body))
      .then(
        () => client.query('COMMIT').then(() => body.end()),
        async (err: unknown) => {
          deps.log.warn({ err, url: download.url }, 'export download stopped');
          body.destroy(err instanceof Error ? err : new Error(String(err)));
          await client.query('ROLLBACK').catch(() => undefined);
        },
      )
      .finally(() => client.release());
    return reply
      .header('content-type', CONTENT_TYPES[fmt])
      .header(
        'content-disposition',
        `attachment; filename="${fileName(table, fmt).replace(/[^\w.-]/g, '_')}"`,
      )
      .header('cache-control', 'no-store')
      .send(body);
  } catch (error) {
    if (db) {
      await db.query('ROLLBACK').catch(() => undefined);
      db.release();
    }
    const failure = asTrpcError(error);
    if (failure.code === 'INTERNAL_SERVER_ERROR')
      deps.log.error({ err: error, url: download.url }, 'export download failed');
    return sendTrpcError(reply, failure);
  }
}

function pathItem(download: Download<z.ZodType>): PathItem {
  const schema = toJsonSchema(download.query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, { description?: string }>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return {
    get: {
      operationId: download.url.slice(1).replaceAll('/', '_'),
      tags: ['exports'],
      summary: download.summary,
      description: `Role: **${download.role}**. A streamed file (Content-Disposition: attachment).`,
      'x-quanttrade-role': download.role,
      parameters: Object.entries(properties).map(([name, property]) => ({
        name,
        in: 'query',
        required: required.has(name),
        description: property.description,
        schema: property,
      })),
      responses: {
        '200': {
          description: 'The file',
          content: {
            [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
            [CONTENT_TYPES.parquet]: { schema: { type: 'string', contentMediaType: CONTENT_TYPES.parquet } },
          },
        },
        ...errorResponses(['400', '401', '403', '404', '500', '503']),
      },
    },
  };
}

export function downloadRoutes(createContext: (input: ContextInput) => Promise<Context>): ExtraRoute {
  return {
    paths: Object.fromEntries(downloads.map((d) => [d.url, pathItem(d as Download<z.ZodType>)])),
    register(app: FastifyInstance, deps: ApiDeps) {
      for (const download of downloads) {
        app.get(download.url, (request, reply) =>
          serve(deps, createContext, download as Download<z.ZodType>, request, reply),
        );
      }
    },
  };
}
