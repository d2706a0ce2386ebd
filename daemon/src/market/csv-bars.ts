// CSV → BarSeries. The engine's `backtest --csv` and the importer both start here, so this is a
// hand-written scanner: one pass over the bytes (read through a small window, csv-source.ts),
// field boundaries found byte by byte, numbers and dates decoded in place (csv-number.ts,
// csv-date.ts), values written straight into the typed arrays. No per-row split(), regex, Date
// or string; text is decoded only for the header and for messages.
//
// Every bad row is reported with its 1-based physical line number (the header is line 1) and a
// reason naming the column, the value and what was expected; good rows still land in the series,
// and callers that import refuse the whole file when `errors` is not empty. Past maxErrors the
// list ends with one entry saying how many more were not listed: counts shown to people come from
// `badRows`, never from the length of the list.
import { createBarSeries, sliceSeries, type BarSeries } from '../core/bar';
import { barTimeChecker } from '../core/calendar/bar-time-check';
import type { TradingCalendar } from '../core/calendar/trading-calendar';
import { validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import { dateSpec } from './csv-date';
import { estimateRows, peekSpan, readHeader } from './csv-preamble';
import { parseRows, type RowParser } from './csv-rows';
import { memorySource, openWindow, refill, type CsvByteSource } from './csv-source';
import { inferTimeframe } from './infer-timeframe';

export interface ParseBarsCsvOptions {
  symbol?: string;
  /** Timeframe of the bars (`1m`, `5m`, `1d`…); inferred from the timestamps when omitted. */
  timeframe?: string;
  /** Zone of timestamps without an offset; IST by default. Epoch values are absolute. */
  timezone?: 'IST' | 'UTC';
  /** Date pattern, e.g. `MM/DD/YYYY`; numeric dates default to day-first (DD-MM-YYYY). */
  dateFormat?: string;
  /** Bar field → header name, e.g. `{ date: 'Timestamp', close: 'Last' }`. */
  columns?: Record<string, string>;
  /**
   * Back-adjust each bar by its `Adj Close / Close` ratio (a Yahoo download): open, high, low and
   * close are multiplied by it and volume divided by it (rounded to whole shares), so the bar
   * stays consistent and its turnover unchanged. Needs an adjusted-close column.
   */
  adjust?: boolean;
  /** Stop listing bad rows after this many (they are still counted). Default 1000. */
  maxErrors?: number;
  /**
   * Keep the file's text out of every message: no header names, no field values, no prices (a
   * file on the daemon's disk read for someone who may not own it). Lines and fields still named.
   */
  redactValues?: boolean;
  /**
   * With a timeframe: every row's time must be able to start a bar of it on this calendar
   * (core/calendar/bar-time-check.ts); a row that cannot is a bad row. Imports pass the
   * exchange's calendar; `backtest --csv` does not check.
   */
  calendar?: TradingCalendar;
}

/** Lines per call of the row loop (see csv-rows.ts for why it is batched). */
const LINES_PER_BATCH = 4096;

export interface CsvRowError {
  line: number;
  reason: string;
}

export interface ParsedBarsCsv {
  series: BarSeries;
  /**
   * The first maxErrors bad rows, then (when there were more) one entry saying how many more were
   * not listed; or the one file-level problem (empty file, wrong header, no data rows).
   */
  errors: CsvRowError[];
  /** How many data rows were bad, listed or not (0 when the problem is the file itself). */
  badRows: number;
}

/** Reads a CSV in batches of rows: parseBarsCsv uses it, and the importer streams it to COPY. */
export interface CsvBarReader {
  /** Times of the first and last data rows, when both parse. */
  span?: { first: number; last: number };
  /** Newest-first file: the series is reversed when finished. */
  descending: boolean;
  /** About how many rows the file holds (for progress). */
  rows: number;
  /** Parses the next batch of lines; returns the good bars it added (a view), undefined at the end. */
  next(): BarSeries | undefined;
  /** Every problem found, as ParsedBarsCsv.errors (complete once next() has returned undefined). */
  errors(): CsvRowError[];
  /** How many data rows were bad, listed or not (complete once next() has returned undefined). */
  badRows(): number;
  /** The parsed series, oldest first (call once, at the end). */
  finish(): BarSeries;
}

/** CSV text, its UTF-8 bytes, or a source of bytes (a file: csv-file.ts). */
export type CsvInput = string | Uint8Array | CsvByteSource;

function sourceOf(input: CsvInput): CsvByteSource {
  if (typeof input === 'string') return memorySource(new TextEncoder().encode(input));
  return input instanceof Uint8Array ? memorySource(input) : input;
}

function validateOptions(options: ParseBarsCsvOptions): void {
  if (options.timeframe !== undefined && !parseTimeframe(options.timeframe)) {
    throw validationError(
      [{ path: 'timeframe', value: options.timeframe, expected: 'a timeframe like 1m, 5m, 1h or 1d' }],
      'CSV options',
    );
  }
}

/** A parse in progress: openBarsCsv hands it out batch by batch, parseBarsCsv runs it through. */
interface CsvParse extends Omit<CsvBarReader, 'next'> {
  parser: RowParser;
  /** Parses the next batch of lines; false once the source is exhausted. */
  step(): boolean;
}

function startParse(input: CsvInput, options: ParseBarsCsvOptions): CsvParse | { problem: CsvRowError } {
  validateOptions(options);
  const spec = dateSpec(options.dateFormat, options.timezone);
  const source = sourceOf(input);
  const window = openWindow(source);
  const header = readHeader(window, source, options.columns, options.adjust, options.redactValues);
  if ('problem' in header) return header;
  const { layout } = header;
  const span = peekSpan(window, source, layout, spec);
  const rows = estimateRows(window, source);
  const descending = span !== undefined && span.last < span.first;
  const maxErrors = options.maxErrors ?? 1000;
  const errors: CsvRowError[] = [];
  let dropped = 0;
  let firstDroppedLine = 0;
  const parser: RowParser = {
    ...window,
    layout,
    spec,
    series: createBarSeries(options.symbol ?? '', options.timeframe ?? '', rows),
    fs: new Int32Array(layout.maxIndex + 1),
    fe: new Int32Array(layout.maxIndex + 1),
    descending,
    line: header.line + 1,
    n: 0,
    prevTime: NaN,
    prevLine: 0,
    timeCheck:
      options.calendar && options.timeframe
        ? barTimeChecker(parseTimeframe(options.timeframe)!, options.calendar)
        : undefined,
    fail(line, reason) {
      if (errors.length < maxErrors) errors.push({ line, reason });
      else if (dropped++ === 0) firstDroppedLine = line;
    },
  };
  let more = true;
  return {
    span,
    descending,
    rows,
    parser,
    step() {
      if (!more) return false;
      if (parser.n === parser.series.length) grow(parser);
      // A line adds at most one bar: capping the lines keeps the batch inside the arrays.
      if (parseRows(parser, Math.min(LINES_PER_BATCH, parser.series.length - parser.n))) {
        if (parser.eof) more = false;
        else refill(parser, source);
      }
      return true;
    },
    errors() {
      const all = [...errors];
      if (dropped > 0)
        all.push({
          line: firstDroppedLine,
          reason: `${dropped} more bad rows from line ${firstDroppedLine} on are not listed`,
        });
      if (parser.n === 0 && all.length === 0 && !more)
        all.push({ line: header.line + 1, reason: 'no data rows after the header' });
      return all;
    },
    badRows: () => errors.length + dropped,
    finish: () => finish(parser.series, parser.n, descending, options.timeframe),
  };
}

/** Opens a CSV for reading; returns the file-level problem (empty, wrong header) instead when there is one. */
export function openBarsCsv(
  input: CsvInput,
  options: ParseBarsCsvOptions = {},
): CsvBarReader | { problem: CsvRowError } {
  const parse = startParse(input, options);
  if ('problem' in parse) return parse;
  const { span, descending, rows, parser, errors, badRows, finish } = parse;
  return {
    span,
    descending,
    rows,
    next() {
      const before = parser.n;
      return parse.step() ? sliceSeries(parser.series, before, parser.n) : undefined;
    },
    errors,
    badRows,
    finish,
  };
}

/** Doubles the bar arrays: the size estimate (csv-preamble.ts) was short. */
function grow(p: RowParser): void {
  const s = p.series;
  const grown = createBarSeries(s.symbol, s.timeframe, Math.max(64, s.length * 2));
  for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
    grown[f].set(s[f].subarray(0, p.n));
  p.series = grown;
}

/** Parses a whole CSV: text, UTF-8 bytes (a file read as is) or a byte source. */
export function parseBarsCsv(input: CsvInput, options: ParseBarsCsvOptions = {}): ParsedBarsCsv {
  const parse = startParse(input, options);
  if ('problem' in parse) {
    return {
      series: createBarSeries(options.symbol ?? '', options.timeframe ?? '1d', 0),
      errors: [parse.problem],
      badRows: 0,
    };
  }
  // No per-batch views here: the whole series is wanted, once.
  while (parse.step());
  return { series: parse.finish(), errors: parse.errors(), badRows: parse.badRows() };
}

function finish(series: BarSeries, n: number, descending: boolean, timeframe: string | undefined): BarSeries {
  const fields = [series.time, series.open, series.high, series.low, series.close, series.volume];
  if (descending) for (const f of fields) f.subarray(0, n).reverse();
  const trimmed = sliceSeries(series, 0, n);
  trimmed.timeframe = timeframe ? parseTimeframe(timeframe)!.name : inferTimeframe(trimmed.time, n);
  return trimmed;
}
