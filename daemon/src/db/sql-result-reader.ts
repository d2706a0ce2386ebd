// Reads a console statement's rows a few at a time, converting each to cells (sql-cell.ts) and
// stopping at the row cap or once the values read from PostgreSQL reach the byte cap — so a
// result of a thousand one-megabyte rows is neither held in the daemon's memory at once nor read
// to the end.
import type Cursor from 'pg-cursor';
import { toCell, type Cell } from './sql-cell';

/** Rows fetched per round trip: small, because each may be up to the row cap (1 MiB). */
const BATCH_ROWS = 16;

/** The error text PostgreSQL returns for a row over the cap (sql-console.ts statementText). */
export const ROW_CAP_MARKER = 'bytes: row over the console size cap';

export interface CappedRead {
  fields: { name: string; dataTypeID: number }[];
  rows: Cell[][];
  truncatedBy?: 'rows' | 'bytes';
}

interface ResultShape {
  fields: { name: string; dataTypeID: number }[];
}

/** pg-cursor hands the field list only to the callback form of read(). */
function readBatch(
  cursor: Cursor<unknown[]>,
  n: number,
): Promise<{ rows: unknown[][]; result: ResultShape }> {
  return new Promise((resolve, reject) => {
    cursor.read(n, (err, rows, result) => (err ? reject(err) : resolve({ rows, result })));
  });
}

export async function readCapped(
  cursor: Cursor<unknown[]>,
  caps: { maxRows: number; maxBytes: number },
): Promise<CappedRead> {
  const rows: Cell[][] = [];
  let fields: ResultShape['fields'] = [];
  let bytes = 0;
  for (;;) {
    const want = Math.min(BATCH_ROWS, caps.maxRows + 1 - rows.length);
    const batch = await readBatch(cursor, want);
    fields = batch.result.fields;
    for (const raw of batch.rows) {
      if (rows.length === caps.maxRows) return { fields, rows, truncatedBy: 'rows' };
      bytes += raw.reduce<number>((n, value) => n + rawSize(value), 0);
      if (bytes > caps.maxBytes) return { fields, rows, truncatedBy: 'bytes' };
      rows.push(raw.map(toCell));
    }
    if (batch.rows.length < want) return { fields, rows };
  }
}

/** About how many bytes a value parsed by node-postgres took on the wire. */
function rawSize(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return value.length;
  if (Buffer.isBuffer(value)) return value.length;
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value)?.length ?? 8;
  return 8;
}
