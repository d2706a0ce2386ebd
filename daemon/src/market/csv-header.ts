// The header line of a bars CSV: which delimiter, and which column holds each bar field.
// Header names match case-insensitively, ignoring surrounding spaces, quotes and a UTF-8 BOM.
import { validationError } from '../core/errors';

export const BAR_FIELDS = ['date', 'time', 'open', 'high', 'low', 'close', 'volume', 'adjclose'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** Names tried, in order, when the caller does not map a field (`columns` option). */
const DEFAULT_NAMES: Record<BarField, string[]> = {
  date: ['date', 'datetime', 'timestamp', 'date_time', 'date time', 'ts', 'time'],
  time: ['time'],
  open: ['open', 'open price', 'open_price'],
  high: ['high', 'high price', 'high_price'],
  low: ['low', 'low price', 'low_price'],
  close: ['close', 'close price', 'close_price', 'last'],
  volume: ['volume', 'vol', 'qty', 'quantity', 'total traded quantity', 'shares traded'],
  adjclose: ['adj close', 'adj_close', 'adjclose', 'adjusted close', 'adjusted_close'],
};

export interface CsvLayout {
  delimiter: number;
  /**
   * Column index of each field; -1 when absent (only `time` and `volume` may be absent).
   * `adjclose` is read only when the import adjusts (-1 otherwise, even if the file has one).
   */
  index: Record<BarField, number>;
  /** Header names as written, for messages (the bar field names when the file's text is redacted). */
  names: string[];
  /** Messages must not quote the file: it is on the daemon's disk, and its reader may not own it. */
  redacted: boolean;
  /** Highest column index a data row must reach. */
  maxIndex: number;
}

function cleanName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
}

function chooseDelimiter(line: string): number {
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0].charCodeAt(0) : 44;
}

function normaliseMapping(columns: Record<string, string> | undefined): Partial<Record<BarField, string>> {
  const mapping: Partial<Record<BarField, string>> = {};
  for (const [key, value] of Object.entries(columns ?? {})) {
    const field = key.trim().toLowerCase() as BarField;
    if (!BAR_FIELDS.includes(field)) {
      throw validationError(
        [{ path: `columns.${key}`, value, expected: `one of the bar fields ${BAR_FIELDS.join(', ')}` }],
        'CSV column mapping',
      );
    }
    mapping[field] = value.trim().toLowerCase();
  }
  return mapping;
}

/**
 * Resolves the layout from the header line. Returns the layout or a message naming the missing
 * column, what the header holds, and how to map it.
 */
export function resolveLayout(
  headerLine: string,
  columns?: Record<string, string>,
  adjust = false,
  redacted = false,
): { layout: CsvLayout } | { problem: string } {
  const delimiter = chooseDelimiter(headerLine);
  const written = headerLine.split(String.fromCharCode(delimiter)).map(cleanName);
  const names = [...written];
  const lower = names.map((n) => n.toLowerCase());
  const mapping = normaliseMapping(columns);
  const index = {} as Record<BarField, number>;
  const missing: string[] = [];
  for (const field of BAR_FIELDS) {
    if (field === 'adjclose' && !adjust) {
      index[field] = -1;
      continue;
    }
    const wanted = mapping[field];
    let at = -1;
    if (wanted !== undefined) {
      at = lower.indexOf(wanted);
      if (at < 0) missing.push(`"${wanted}" (mapped to ${field})`);
    } else {
      for (const candidate of DEFAULT_NAMES[field]) {
        at = lower.indexOf(candidate);
        // `time` alone may be the date-time column; it is a separate time column only when a
        // distinct date column exists.
        if (at >= 0 && !(field === 'time' && at === index.date)) break;
        at = -1;
      }
      if (at < 0 && field === 'adjclose') missing.push('"adj close" (needed by adjust)');
      else if (at < 0 && field !== 'time' && field !== 'volume') missing.push(`"${field}"`);
    }
    index[field] = at;
  }
  if (missing.length > 0) {
    const has = redacted
      ? `${written.length} column${written.length === 1 ? '' : 's'} (not shown: the file is on the daemon's disk)`
      : written.map((n) => `"${n}"`).join(', ');
    const wanted = redacted ? missing.map((m) => m.replace(/^"[^"]*" \(mapped to (\w+)\)$/, '$1')) : missing;
    return {
      problem:
        `missing column ${wanted.join(', ')}; the header has ${has}` +
        ' (map columns with the columns option, e.g. date=Timestamp; for adjusted prices use adjust,' +
        ' which scales the whole bar, not close="Adj Close")',
    };
  }
  const maxIndex = Math.max(...Object.values(index));
  if (redacted) {
    for (let i = 0; i < names.length; i++) names[i] = `column ${i + 1}`;
    for (const field of BAR_FIELDS) if (index[field] >= 0) names[index[field]] = field;
  }
  return { layout: { delimiter, index, names, maxIndex, redacted } };
}
