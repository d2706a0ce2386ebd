// `data import --bhavcopy`: NSE end-of-day files, every symbol of every day, into the bar store in
// one transaction. Each file is one trading day (checked against the NSE calendar); a symbol's
// bars are written per run of consecutive sessions the files cover, so a stored day that lies
// between two imported files is never replaced by "no bar" (bar-writer.ts makes a written range
// exactly the series).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createBarSeries, type BarSeries } from '../core/bar';
import { barTimeChecker } from '../core/calendar/bar-time-check';
import { formatDays, istMidnightOfDay } from '../core/calendar/civil-date';
import { nseCalendar } from '../core/calendar/trading-calendar';
import { AppError, validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import type { Pool } from '../db/pool';
import { storeBars, type StoreBarsInput } from './bar-store';
import {
  DEFAULT_BHAVCOPY_SERIES,
  parseBhavcopy,
  type BhavcopyRow,
  type ParsedBhavcopy,
} from './bhavcopy-parse';
import type { SkippedRows } from './csv-import';
import { parseSymbolRef } from './symbol-ref';

export interface BhavcopyImportRequest {
  /** Files, or directories whose `.csv` files are all read. */
  paths: readonly string[];
  /** Series to keep (DEFAULT_BHAVCOPY_SERIES when absent). */
  series?: readonly string[];
  skipBadRows?: boolean;
  onProgress?(written: number, total: number): void;
}

export interface BhavcopyImport {
  days: string[];
  series: readonly string[];
  symbols: number;
  bars: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Rows of other series left out, by series. */
  filtered: Record<string, number>;
  skipped?: SkippedRows & { errors: { file: string; line: number; reason: string }[] };
}

interface BhavcopyFile extends ParsedBhavcopy {
  path: string;
}

type FileError = { file: string; line: number; reason: string };

async function expand(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw validationError([
        { path: 'bhavcopy', value: path, expected: `a readable file or directory (${err.code})` },
      ]);
    });
    if (!info.isDirectory()) files.push(path);
    else {
      const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
      if (names.length === 0)
        throw validationError([
          { path: 'bhavcopy', value: path, expected: 'a directory holding .csv bhavcopies' },
        ]);
      files.push(...names.map((n) => join(path, n)));
    }
  }
  return files;
}

const dailyCheck = () => barTimeChecker(parseTimeframe('1d')!, nseCalendar);

async function readFiles(paths: string[], keep: ReadonlySet<string>): Promise<BhavcopyFile[]> {
  const files: BhavcopyFile[] = [];
  const byDay = new Map<number, string>();
  for (const path of paths) {
    const parsed = parseBhavcopy(await readFile(path, 'utf8'), keep);
    if ('problem' in parsed) throw new AppError('VALIDATION_FAILED', `${path}: ${parsed.problem}`);
    if (parsed.day === parsed.day) {
      const closed = dailyCheck().check(istMidnightOfDay(parsed.day));
      if (closed) throw new AppError('VALIDATION_FAILED', `${path}: ${closed.message}`);
      const other = byDay.get(parsed.day);
      if (other)
        throw new AppError(
          'VALIDATION_FAILED',
          `two files for ${formatDays(parsed.day)}: ${other} and ${path}`,
        );
      byDay.set(parsed.day, path);
    }
    files.push({ ...parsed, path });
  }
  return files.sort((a, b) => a.day - b.day);
}

/** A symbol twice in one file (two kept series) or a name the store cannot hold is a bad row. */
function symbolProblems(file: BhavcopyFile): FileError[] {
  const seen = new Map<string, BhavcopyRow>();
  const errors: FileError[] = [];
  file.rows = file.rows.filter((row) => {
    const first = seen.get(row.symbol);
    let reason: string | undefined;
    if (first)
      reason = `${row.symbol} appears twice (series ${first.series} on line ${first.line} and ${row.series}); keep one with --series`;
    else {
      try {
        parseSymbolRef(row.symbol);
      } catch {
        reason = `${row.symbol}: not a symbol the store can hold`;
      }
    }
    if (reason) errors.push({ file: file.path, line: row.line, reason });
    else seen.set(row.symbol, row);
    return reason === undefined;
  });
  return errors;
}

/** Files grouped into runs of consecutive NSE sessions. */
function runsOf(files: BhavcopyFile[]): BhavcopyFile[][] {
  const runs: BhavcopyFile[][] = [];
  for (const file of files) {
    const last = runs.at(-1)?.at(-1);
    let next: number | undefined;
    try {
      next = last ? nseCalendar.nextSession(last.day).day : undefined;
    } catch {
      next = undefined; // past the calendar's years: keep the files apart
    }
    if (last && next === file.day) runs.at(-1)!.push(file);
    else runs.push([file]);
  }
  return runs;
}

function seriesInputs(run: BhavcopyFile[]): StoreBarsInput[] {
  const bySymbol = new Map<string, { rows: { day: number; row: BhavcopyRow }[]; name?: string }>();
  for (const file of run)
    for (const row of file.rows) {
      const entry = bySymbol.get(row.symbol) ?? { rows: [] };
      entry.rows.push({ day: file.day, row });
      entry.name ??= row.name;
      bySymbol.set(row.symbol, entry);
    }
  return [...bySymbol].map(([symbol, { rows, name }]) => {
    const series: BarSeries = createBarSeries(symbol, '1d', rows.length);
    rows.forEach(({ day, row }, i) => {
      series.time[i] = istMidnightOfDay(day);
      series.open[i] = row.open;
      series.high[i] = row.high;
      series.low[i] = row.low;
      series.close[i] = row.close;
      series.volume[i] = row.volume;
    });
    return { symbol: `NSE:${symbol}`, series, source: 'bhavcopy', ...(name ? { name } : {}) };
  });
}

function refused(errors: FileError[]): AppError {
  const listed = errors.slice(0, 20).map((e) => `  ${e.file} line ${e.line}: ${e.reason}`);
  const more = errors.length > 20 ? [`  … ${errors.length - 20} more`] : [];
  const count = `${errors.length} bad row${errors.length === 1 ? '' : 's'}`;
  return new AppError(
    'VALIDATION_FAILED',
    `bhavcopy import: ${count}, nothing was imported\n${[...listed, ...more].join('\n')}`,
    {
      badRows: errors.length,
      errors,
    },
  );
}

export async function importBhavcopies(pool: Pool, request: BhavcopyImportRequest): Promise<BhavcopyImport> {
  const series = (request.series ?? DEFAULT_BHAVCOPY_SERIES).map((s) => s.trim().toUpperCase());
  const files = await readFiles(await expand(request.paths), new Set(series));
  const errors: FileError[] = files.flatMap((f) => [
    ...f.errors.map((e) => ({ file: f.path, ...e })),
    ...symbolProblems(f),
  ]);
  const good = files.reduce((n, f) => n + f.rows.length, 0);
  if (errors.length > 0 && (!request.skipBadRows || good === 0)) throw refused(errors);
  if (good === 0)
    throw new AppError('VALIDATION_FAILED', `no rows of the series ${series.join(', ')} in the files`);
  const inputs = runsOf(files.filter((f) => f.rows.length > 0)).flatMap(seriesInputs);
  const stored = await storeBars(pool, inputs, request.onProgress);
  const sum = (key: 'inserted' | 'updated' | 'deleted' | 'unchanged') =>
    stored.reduce((n, s) => n + s[key], 0);
  const filtered: Record<string, number> = {};
  for (const f of files)
    for (const [s, n] of Object.entries(f.filtered)) filtered[s] = (filtered[s] ?? 0) + n;
  return {
    days: files.map((f) => formatDays(f.day)),
    series,
    symbols: new Set(inputs.map((i) => i.symbol)).size,
    bars: good,
    inserted: sum('inserted'),
    updated: sum('updated'),
    deleted: sum('deleted'),
    unchanged: sum('unchanged'),
    filtered,
    ...(errors.length > 0 ? { skipped: { rows: errors.length, errors } } : {}),
  };
}
