// Writes an export table as CSV (RFC 4180: comma-separated, CRLF-free "\n" lines, fields quoted
// when they hold a comma, quote or line break). Timestamps in IST (ist-time.ts), numbers in
// JavaScript's shortest exact form, decimals as the exact strings the database holds, missing
// values as empty fields. Each batch becomes one string written at once.
import { IstFormatter } from './ist-time';
import type { ByteSink } from './sink';
import type { ColumnValues, ExportColumn, ExportTable } from './table';

const NEEDS_QUOTES = /[",\n\r]/;

function quote(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

type Cell = (row: number) => string;

function cellWriter(column: ExportColumn, values: ColumnValues, ist: IstFormatter): Cell {
  switch (column.type.kind) {
    case 'timestamp': {
      const v = values as ArrayLike<number | null>;
      return (i) => {
        const x = v[i];
        return x === null || x === undefined || Number.isNaN(x) ? '' : ist.format(x);
      };
    }
    case 'float64':
    case 'int32': {
      const v = values as ArrayLike<number | null>;
      return (i) => {
        const x = v[i];
        return x === null || x === undefined || Number.isNaN(x) ? '' : String(x);
      };
    }
    case 'decimal':
      return (i) => (values as (string | null)[])[i] ?? '';
    case 'string':
      return (i) => {
        const x = (values as (string | null)[])[i];
        return x === null || x === undefined ? '' : quote(x);
      };
  }
}

export async function writeCsv(table: ExportTable, sink: ByteSink): Promise<{ rows: number }> {
  const ist = new IstFormatter();
  await sink.write(`${table.columns.map((c) => quote(c.name)).join(',')}\n`);
  let rows = 0;
  for await (const batch of table.batches()) {
    const cells = table.columns.map((c, j) => cellWriter(c, batch.values[j]!, ist));
    const width = cells.length;
    let chunk = '';
    for (let i = 0; i < batch.length; i++) {
      let line = cells[0]!(i);
      for (let j = 1; j < width; j++) line += `,${cells[j]!(i)}`;
      chunk += `${line}\n`;
    }
    rows += batch.length;
    await sink.write(chunk);
  }
  return { rows };
}
