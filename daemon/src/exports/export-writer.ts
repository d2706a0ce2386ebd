// Writes export tables in a format: to a sink (an HTTP download) or to files in a directory
// (the CLI). A file is written under a temporary name and renamed when complete, so a failed or
// interrupted export never leaves a file that looks whole.
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeCsv } from './csv-export';
import { writeParquet } from './parquet-export';
import { streamSink, type ByteSink } from './sink';
import type { ExportFormat, ExportTable } from './table';

export function writeTable(
  table: ExportTable,
  format: ExportFormat,
  sink: ByteSink,
): Promise<{ rows: number }> {
  return format === 'csv' ? writeCsv(table, sink) : writeParquet(table, sink);
}

export const fileName = (table: ExportTable, format: ExportFormat) => `${table.name}.${format}`;

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
}

export async function writeTableFile(
  table: ExportTable,
  format: ExportFormat,
  dir: string,
): Promise<WrittenFile> {
  const path = join(dir, fileName(table, format));
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  try {
    const { rows } = await writeTable(table, format, streamSink(stream));
    stream.end();
    await finished(stream);
    await rename(partial, path);
    return { path, rows, bytes: (await stat(path)).size };
  } catch (err) {
    stream.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}
