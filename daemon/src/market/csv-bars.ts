// CSV → BarSeries. The engine's `backtest --csv` and the importer both start here, so this is a
// hand-written scanner: one pass over the text, field boundaries found with charCodeAt, numbers
// and dates decoded in place (csv-number.ts, csv-date.ts), values written straight into the
// typed arrays. No per-row split(), regex or Date.
//
// Every bad row is reported with its 1-based physical line number (the header is line 1) and a
// reason naming the column, the value and what was expected; good rows still land in the series,
// and callers that import refuse the whole file when `errors` is not empty.
import { createBarSeries, type BarSeries } from '../core/bar';
import { validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import { dateSpec, scanDateTime, scanTimeColumn } from './csv-date';
import { resolveLayout, type CsvLayout } from './csv-header';
import { parseRows, scanFields, type RowParser } from './csv-rows';
import { inferTimeframe } from './infer-timeframe';

export interface ParseBarsCsvOptions {
  symbol?: string;
  /** Timeframe of the bars (`1m`, `5m`, `1d`…); inferred from the timestamps when omitted. */
  timeframe?: string;
  /** Zone of timestamps without an offset; IST by default. Epoch values are absolute. */
  timezone?: 'IST' | 'UTC';
  /** Date pattern, e.g. `MM/DD/YYYY`; numeric dates default to day-first (DD-MM-YYYY). */
  dateFormat?: string;
  /** Bar field → header name, e.g. `{ date: 'Timestamp', close: 'Adj Close' }`. */
  columns?: Record<string, string>;
  /** Stop listing bad rows after this many (they are still counted). Default 1000. */
  maxErrors?: number;
}

/** Lines per call of the row loop (see csv-rows.ts for why it is batched). */
const LINES_PER_BATCH = 4096;

export interface CsvRowError {
  line: number;
  reason: string;
}

export interface ParsedBarsCsv {
  series: BarSeries;
  errors: CsvRowError[];
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function lineEndOf(text: string, start: number): { end: number; next: number } {
  let nl = text.indexOf('\n', start);
  if (nl < 0) nl = text.length;
  const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  return { end, next: nl + 1 };
}

function emptySeries(options: ParseBarsCsvOptions): BarSeries {
  return createBarSeries(options.symbol ?? '', options.timeframe ?? '1d', 0);
}

/** Reads a CSV in batches of rows: parseBarsCsv uses it, and the importer streams it to COPY. */
export interface CsvBarReader {
  /** Times of the first and last data rows, when both parse. */
  span?: { first: number; last: number };
  /** Newest-first file: the series is reversed when finished. */
  descending: boolean;
  /** An upper bound of the row count (the line count). */
  rows: number;
  /** Parses the next batch of lines; returns the good bars it added (a view), undefined at the end. */
  next(): BarSeries | undefined;
  /** Every problem found (complete once next() has returned undefined). */
  errors(): CsvRowError[];
  /** The parsed series, oldest first (call once, at the end). */
  finish(): BarSeries;
}

function validateOptions(options: ParseBarsCsvOptions): void {
  if (options.timeframe !== undefined && !parseTimeframe(options.timeframe)) {
    throw validationError(
      [{ path: 'timeframe', value: options.timeframe, expected: 'a timeframe like 1m, 5m, 1h or 1d' }],
      'CSV options',
    );
  }
}

/** Opens a CSV for reading; returns the file-level problem (empty, wrong header) instead when there is one. */
export function openBarsCsv(
  text: string,
  options: ParseBarsCsvOptions = {},
): CsvBarReader | { problem: CsvRowError } {
  validateOptions(options);
  const spec = dateSpec(options.dateFormat, options.timezone);
  const maxErrors = options.maxErrors ?? 1000;
  const errors: CsvRowError[] = [];
  let dropped = 0;
  let firstDroppedLine = 0;
  const fail = (line: number, reason: string) => {
    if (errors.length < maxErrors) errors.push({ line, reason });
    else if (dropped++ === 0) firstDroppedLine = line;
  };
  // Header: the first non-blank line.
  let pos = 0;
  let line = 1;
  let bounds = lineEndOf(text, 0);
  while (bounds.end === pos && bounds.next <= text.length) {
    pos = bounds.next;
    line++;
    bounds = lineEndOf(text, pos);
  }
  if (pos >= text.length) {
    return {
      problem: {
        line: 1,
        reason: 'the file is empty; expected a header line such as Date,Open,High,Low,Close,Volume',
      },
    };
  }
  const resolved = resolveLayout(text.slice(pos, bounds.end), options.columns);
  if ('problem' in resolved) return { problem: { line, reason: resolved.problem } };
  const layout = resolved.layout;
  const headerLine = line;
  const { date: iDate, time: iTime } = layout.index;
  const series = createBarSeries(options.symbol ?? '', options.timeframe ?? '', countLines(text));
  const fs = new Int32Array(layout.maxIndex + 1);
  const fe = new Int32Array(layout.maxIndex + 1);
  const rowTime = (): number => {
    let t = scanDateTime(text, fs[iDate]!, fe[iDate]!, spec);
    if (iTime >= 0 && t === t) t += scanTimeColumn(text, fs[iTime]!, fe[iTime]!);
    return t;
  };
  const span = peekSpan(text, bounds.next, layout, fs, fe, rowTime);
  const descending = span !== undefined && span.last < span.first;
  const parser: RowParser = {
    text,
    layout,
    spec,
    series,
    fs,
    fe,
    descending,
    pos: bounds.next,
    line: line + 1,
    n: 0,
    prevTime: NaN,
    prevLine: 0,
    fail,
  };
  let more = true;
  return {
    span,
    descending,
    rows: series.length,
    next() {
      if (!more) return undefined;
      const before = parser.n;
      more = parseRows(parser, LINES_PER_BATCH);
      return viewOf(series, before, parser.n);
    },
    errors() {
      const all = [...errors];
      if (dropped > 0)
        all.push({
          line: firstDroppedLine,
          reason: `${dropped} more bad rows from line ${firstDroppedLine} on are not listed`,
        });
      if (parser.n === 0 && all.length === 0 && !more)
        all.push({ line: headerLine + 1, reason: 'no data rows after the header' });
      return all;
    },
    finish: () => finish(series, parser.n, descending, options.timeframe),
  };
}

function viewOf(series: BarSeries, start: number, end: number): BarSeries {
  return {
    ...series,
    length: end - start,
    time: series.time.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
  };
}

export function parseBarsCsv(text: string, options: ParseBarsCsvOptions = {}): ParsedBarsCsv {
  const reader = openBarsCsv(text, options);
  if ('problem' in reader) return { series: emptySeries(options), errors: [reader.problem] };
  while (reader.next());
  return { series: reader.finish(), errors: reader.errors() };
}

/** Times of the first and last data rows: a last row older than the first marks a newest-first file. */
function peekSpan(
  text: string,
  dataStart: number,
  layout: CsvLayout,
  fs: Int32Array,
  fe: Int32Array,
  rowTime: () => number,
): { first: number; last: number } | undefined {
  const first = lineEndOf(text, dataStart);
  let lastEnd = text.length;
  while (lastEnd > dataStart && (text.charCodeAt(lastEnd - 1) === 10 || text.charCodeAt(lastEnd - 1) === 13))
    lastEnd--;
  const lastStart = text.lastIndexOf('\n', lastEnd - 1) + 1;
  if (lastStart < dataStart || first.end <= dataStart) return undefined;
  if (scanFields(text, dataStart, first.end, layout, fs, fe) <= layout.maxIndex) return undefined;
  const t0 = rowTime();
  if (scanFields(text, lastStart, lastEnd, layout, fs, fe) <= layout.maxIndex) return undefined;
  const t1 = rowTime();
  return t0 === t0 && t1 === t1 ? { first: t0, last: t1 } : undefined;
}

function finish(series: BarSeries, n: number, descending: boolean, timeframe: string | undefined): BarSeries {
  const fields = [series.time, series.open, series.high, series.low, series.close, series.volume];
  if (descending) for (const f of fields) f.subarray(0, n).reverse();
  const trimmed: BarSeries = {
    symbol: series.symbol,
    timeframe: timeframe ? parseTimeframe(timeframe)!.name : '',
    length: n,
    time: series.time.subarray(0, n),
    open: series.open.subarray(0, n),
    high: series.high.subarray(0, n),
    low: series.low.subarray(0, n),
    close: series.close.subarray(0, n),
    volume: series.volume.subarray(0, n),
  };
  if (!timeframe) trimmed.timeframe = inferTimeframe(trimmed.time, n);
  return trimmed;
}
