// Writes an export table as CSV (RFC 4180 with "\n" line ends; fields quoted when they hold a
// comma, quote or line break). Timestamps in IST ISO 8601, numbers in JavaScript's shortest exact
// form, decimals as the exact strings the database holds, missing values as empty fields. Each
// batch's bytes are written in place (csv-bytes.ts) and handed to the sink at once.
import { CsvBytes } from './csv-bytes';
import type { ByteSink } from './sink';
import type { ColumnValues, ExportTable } from './table';

const NEEDS_QUOTES = /[",\n\r]/;

function quote(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const TIME = 0;
const NUMBER = 1;
const RAW = 2;
const QUOTED = 3;

const KIND = { timestamp: TIME, float64: NUMBER, int32: NUMBER, decimal: RAW, string: QUOTED } as const;

/** Appends one batch's rows to `out`. */
function writeRows(out: CsvBytes, kinds: number[], values: ColumnValues[], n: number): void {
  const width = kinds.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) {
      if (j > 0) out.comma();
      const x = values[j]![i];
      if (x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x))) continue;
      const kind = kinds[j];
      if (kind === NUMBER) out.number(x as number);
      else if (kind === TIME) out.time(x as number);
      else out.text(kind === QUOTED ? quote(x as string) : (x as string));
    }
    out.reserve(1);
    out.newline();
  }
}

export async function writeCsv(table: ExportTable, sink: ByteSink): Promise<{ rows: number }> {
  const out = new CsvBytes();
  const kinds = table.columns.map((c) => KIND[c.type.kind]);
  out.text(`${table.columns.map((c) => quote(c.name)).join(',')}\n`);
  let rows = 0;
  for await (const batch of table.batches()) {
    writeRows(out, kinds, batch.values, batch.length);
    rows += batch.length;
    await sink.write(out.take());
  }
  if (out.length > 0) await sink.write(out.take());
  return { rows };
}
