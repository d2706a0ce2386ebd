// Output schemas of database.* (see common.ts).
import { z } from 'zod';
import type { Cell } from '../../db/sql-cell';

/** One value of a result row: a JSON value (numbers beyond 2^53, numerics and times as strings). */
const cell: z.ZodType<Cell> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(cell), z.record(z.string(), z.unknown())]),
);

const columns = z.array(z.object({ name: z.string(), type: z.string() }));

export const databaseOutputs = {
  tables: z.array(
    z.object({
      schema: z.string(),
      name: z.string(),
      bytes: z.number(),
      rows: z.number().nullable(),
      exact: z.boolean(),
      readable: z.boolean(),
    }),
  ),
  rows: z.object({
    columns,
    rows: z.array(z.array(cell)),
    total: z.number().int(),
    totalCapped: z.boolean(),
  }),
  columns: z.object({
    schema: z.string(),
    table: z.string(),
    readable: columns.describe('Columns the SQL console can read'),
    hidden: z.array(z.string()).describe('Columns it cannot: secrets'),
  }),
  sql: z.object({
    columns,
    rows: z.array(z.array(cell)),
    rowCount: z.number().int(),
    truncated: z.boolean(),
    command: z.string(),
    ms: z.number(),
  }),
};
