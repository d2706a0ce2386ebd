// database.*: the console's table list, row browser and SQL console. Admin only. Everything
// runs under the read-only role in a READ ONLY transaction (db/sql-console.ts): PostgreSQL,
// not this file, is what keeps these procedures from writing or showing secrets.
import { z } from 'zod';
import { MAX_RESULT_BYTES, MAX_ROW_CAP, runSql } from '../../db/sql-console';
import { browseRows, listTables, MAX_PAGE_SIZE } from '../../db/table-browser';
import { readableColumns } from '../../db/table-columns';
import { adminProcedure, router } from '../trpc';
import { databaseOutputs as out } from '../outputs/database';

const identifier = z.string().min(1).max(63);

export const databaseRouter = router({
  tables: adminProcedure
    .meta({ description: 'Tables with row counts and sizes, as the read-only role sees them' })
    .output(out.tables)
    .query(({ ctx }) => listTables(ctx.pool, ctx.user.id)),

  rows: adminProcedure
    .meta({
      description: 'A page of a table’s rows (secret columns never included), filtered and sorted',
      example: { schema: 'public', table: 'backtests', page: 0, pageSize: 50 },
    })
    .input(
      z.object({
        schema: identifier.default('public'),
        table: identifier,
        page: z.number().int().min(0).max(1_000_000).default(0),
        pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
        filter: z.object({ column: identifier, contains: z.string().max(200) }).optional(),
        sort: z.object({ column: identifier, direction: z.enum(['asc', 'desc']) }).optional(),
      }),
    )
    .output(out.rows)
    .query(({ ctx, input }) => browseRows(ctx.pool, ctx.user.id, input)),

  columns: adminProcedure
    .meta({
      description: 'Which columns of a table the SQL console can read, and which it cannot (secrets)',
      example: { schema: 'public', table: 'users' },
    })
    .input(z.object({ schema: identifier.default('public'), table: identifier }))
    .output(out.columns)
    .query(({ ctx, input }) => readableColumns(ctx.pool, input.schema, input.table)),

  sql: adminProcedure
    .meta({
      description: `Runs one read statement (SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN) read-only as quanttrade_readonly (5 s timeout, at most ${MAX_ROW_CAP} rows and ${MAX_RESULT_BYTES / 1024 / 1024} MiB); optionally shows its plan`,
      example: { sql: 'SELECT status, count(*) FROM backtests GROUP BY status', maxRows: 200 },
    })
    // A mutation, though it writes nothing: it goes as a POST body, so statements stay out of
    // URLs and access logs, and it is never retried or cached like a query.
    .input(
      z.object({
        sql: z.string().trim().min(1).max(20_000),
        maxRows: z.number().int().min(1).max(MAX_ROW_CAP).default(200),
        explain: z.enum(['plan']).optional(),
      }),
    )
    .output(out.sql)
    .mutation(({ ctx, input }) => runSql(ctx.pool, { ...input, userId: ctx.user.id })),
});
