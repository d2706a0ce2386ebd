// `data import --csv` and the CSV branch of the data.ingest job: refuse the file if any row is
// bad (listing the rows) unless told to skip bad rows, otherwise store every good bar in one
// transaction. Large intraday files stream into PostgreSQL while they are parsed
// (csv-stream-import.ts).
import { readFile, stat } from 'node:fs/promises';
import { barTimeChecker } from '../core/calendar/bar-time-check';
import { calendarFor } from '../core/calendar/trading-calendar';
import type { BarSeries } from '../core/bar';
import { AppError, validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import type { Pool } from '../db/pool';
import { storeBars, type StoredBars } from './bar-store';
import {
  openBarsCsv,
  parseBarsCsv,
  type CsvInput,
  type CsvRowError,
  type ParseBarsCsvOptions,
  type ParsedBarsCsv,
} from './csv-bars';
import { streamCsvImport } from './csv-stream-import';
import { parseSymbolRef } from './symbol-ref';

export interface ImportCsvRequest extends Omit<ParseBarsCsvOptions, 'symbol' | 'calendar'> {
  symbol: string;
  /** Store the good rows and report the bad ones, instead of refusing the file. */
  skipBadRows?: boolean;
  /** The CSV text (uploads) … */
  text?: string;
  /** … or a path to read it from (CLI, server-side files). */
  path?: string;
  onProgress?(written: number, total: number): void;
}

/** How many bad rows an error message lists; the details hold the parser's list (up to its maxErrors). */
const LISTED_IN_MESSAGE = 20;

/** Files larger than this are refused before reading (the file is held whole, with its bars). */
const MAX_FILE_BYTES = 400 * 1024 * 1024;

async function readCsv(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw validationError([{ path: 'csv', value: path, expected: 'a CSV file, not a directory' }]);
    size = info.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw validationError([
      { path: 'csv', value: path, expected: `a readable CSV file (${code ?? String(err)})` },
    ]);
  }
  if (size > MAX_FILE_BYTES) {
    throw validationError([
      { path: 'csv', value: path, expected: `a file under ${MAX_FILE_BYTES >> 20} MB (split it by date)` },
    ]);
  }
  // The parser reads UTF-8 bytes as they are: decoding them to a string first would copy the
  // file once more for nothing.
  const bytes = await readFile(path);
  if (bytes.includes(0))
    throw validationError([{ path: 'csv', value: path, expected: 'a text CSV file (this one is binary)' }]);
  return bytes;
}

/**
 * The error for a refused file: the bad rows listed in the details, the first ones in the message,
 * counted by `badRows` (the parser's list stops at maxErrors); with no bad rows, the problem is
 * the file itself (empty, wrong header, no data rows).
 */
export function refusedImport(where: string, errors: CsvRowError[], badRows: number): AppError {
  const shown = errors.slice(0, LISTED_IN_MESSAGE);
  const listed = shown.map((e) => `  line ${e.line}: ${e.reason}`);
  const unlisted = badRows - shown.length;
  const more = errors.length > shown.length && unlisted > 0 ? [`  … ${unlisted} more`] : [];
  const count =
    badRows > 0
      ? `${badRows} bad row${badRows === 1 ? '' : 's'}`
      : `${errors.length} problem${errors.length === 1 ? '' : 's'}`;
  return new AppError(
    'VALIDATION_FAILED',
    `${where}: ${count}, nothing was imported\n${[...listed, ...more].join('\n')}`,
    {
      file: where,
      badRows,
      errors,
    },
  );
}

/** Bad rows an import skipped (`skipBadRows`): how many, and the list as refusals give it. */
export interface SkippedRows {
  rows: number;
  errors: CsvRowError[];
}

export interface ImportedCsv extends StoredBars {
  skipped?: SkippedRows;
}

/**
 * A file whose timeframe was inferred is checked once the series is whole; only when a bar does
 * not fit is it parsed again with that timeframe, so bad rows are named by line as usual.
 */
function recheckInferred(
  csv: CsvInput,
  options: ParseBarsCsvOptions,
  series: BarSeries,
): ParsedBarsCsv | undefined {
  const checker = barTimeChecker(parseTimeframe(series.timeframe)!, options.calendar!);
  for (let i = 0; i < series.length; i++) {
    if (checker.check(series.time[i]!) !== undefined)
      return parseBarsCsv(csv, { ...options, timeframe: series.timeframe });
  }
  return undefined;
}

/** Refuses the file, unless bad rows may be skipped and at least one row is good. */
export function keepOrRefuse(
  where: string,
  request: Pick<ImportCsvRequest, 'skipBadRows'>,
  parsed: { errors: CsvRowError[]; badRows: number; goodRows: number },
): SkippedRows | undefined {
  if (parsed.errors.length === 0) return undefined;
  if (!request.skipBadRows || parsed.goodRows === 0)
    throw refusedImport(where, parsed.errors, parsed.badRows);
  return { rows: parsed.badRows, errors: parsed.errors };
}

export async function importCsv(pool: Pool, request: ImportCsvRequest): Promise<ImportedCsv> {
  const where = request.path ?? 'uploaded CSV';
  const csv = request.path !== undefined ? await readCsv(request.path) : request.text;
  if (csv === undefined) throw validationError([{ path: 'csv', expected: 'CSV text or a file path' }]);
  // Every row must fit the timeframe on its exchange's calendar (core/calendar/bar-time-check.ts).
  const calendar = calendarFor(parseSymbolRef(request.symbol).exchange);
  const options = { ...request, symbol: request.symbol.toUpperCase(), calendar };
  const reader = openBarsCsv(csv, options);
  if ('problem' in reader) throw refusedImport(where, [reader.problem], 0);
  const streamed = await streamCsvImport(pool, reader, request, where);
  if (streamed) return streamed;
  while (reader.next());
  let parsed: ParsedBarsCsv = { series: reader.finish(), errors: reader.errors(), badRows: reader.badRows() };
  if (request.timeframe === undefined && parsed.errors.length === 0)
    parsed = recheckInferred(csv, options, parsed.series) ?? parsed;
  const skipped = keepOrRefuse(where, request, { ...parsed, goodRows: parsed.series.length });
  const [stored] = await storeBars(
    pool,
    [{ symbol: request.symbol, series: parsed.series, source: 'csv' }],
    request.onProgress,
  );
  return { ...stored!, ...(skipped ? { skipped } : {}) };
}
