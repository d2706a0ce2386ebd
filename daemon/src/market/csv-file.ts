// A CSV file as a byte source for the bar parser: read in place, window by window, with
// positional reads — never the whole file in memory, never decoded to a string. Synchronous,
// for the CLI (`backtest --csv`), where nothing else waits on the event loop.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseBarsCsv, type ParseBarsCsvOptions, type ParsedBarsCsv } from './csv-bars';
import type { CsvByteSource } from './csv-source';

export interface CsvFile extends CsvByteSource {
  close(): void;
}

/** Opens a file for parseBarsCsv; fails as fs does (ENOENT, EACCES, EISDIR for a directory). */
export function openCsvFile(path: string): CsvFile {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    const info = fstatSync(fd);
    if (info.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), {
        code: 'EISDIR',
      });
    size = info.size;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return {
    size,
    readAt: (into, offset, length, position) => readSync(fd, into, offset, length, position),
    close: () => closeSync(fd),
  };
}

/** Parses an open CSV file and closes it. */
export function parseBarsCsvFile(file: CsvFile, options: ParseBarsCsvOptions = {}): ParsedBarsCsv {
  try {
    return parseBarsCsv(file, options);
  } finally {
    file.close();
  }
}
