// Why a CSV row was refused. The fast check runs on every row with plain comparisons; messages
// (which decode the raw field bytes) are built only for the rare bad row.
import { formatIstDateTime } from '../core/calendar/civil-date';
import type { Bar as RowValues, BarSeries } from '../core/bar';
import type { CsvLayout } from './csv-header';
import { decodeUtf8 } from './csv-source';

const DATE_EXPECTED =
  'a date such as 2025-01-06, 2025-01-06 09:15, 06-01-2025, 06/01/2025, 06-Jan-2025, ' +
  'an ISO 8601 time with offset, or epoch seconds/ms';

function isGood(r: RowValues): boolean {
  const { open, high, low, close } = r;
  return (
    r.time === r.time &&
    open > 0 &&
    high > 0 &&
    low > 0 &&
    close > 0 &&
    r.volume >= 0 &&
    high >= open &&
    high >= close &&
    high >= low &&
    low <= open &&
    low <= close
  );
}

/** The field's text for a message; in a redacted layout only its length. */
function rawText(bytes: Uint8Array, fs: Int32Array, fe: Int32Array, col: number, redacted: boolean): string {
  const value = decodeUtf8(bytes, fs[col]!, fe[col]!).trim();
  if (redacted) return value === '' ? '' : `a value of ${value.length} characters`;
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

function given(value: string, redacted: boolean): string {
  if (value === '') return 'an empty value';
  return redacted ? value : `"${value}"`;
}

/** Returns undefined for a good row, else every problem with the row, named by column. */
export function describeBadRow(
  bytes: Uint8Array,
  layout: CsvLayout,
  fs: Int32Array,
  fe: Int32Array,
  series: BarSeries,
  i: number,
): string | undefined {
  const row: RowValues = {
    time: series.time[i]!,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!,
  };
  if (isGood(row)) return undefined;
  const { index, names, redacted } = layout;
  const raw = (b: Uint8Array, s: Int32Array, e: Int32Array, col: number) => rawText(b, s, e, col, redacted);
  const problems: string[] = [];
  if (row.time !== row.time) {
    const value =
      raw(bytes, fs, fe, index.date) + (index.time >= 0 ? ` ${raw(bytes, fs, fe, index.time)}` : '');
    problems.push(`${names[index.date]}: got ${given(value, redacted)}, expected ${DATE_EXPECTED}`);
  }
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const value = row[field];
    const text0 = raw(bytes, fs, fe, index[field]);
    if (value !== value)
      problems.push(`${names[index[field]]}: got ${given(text0, redacted)}, expected a number`);
    else if (value <= 0)
      problems.push(`${names[index[field]]}: got ${redacted ? 'a number' : text0}, expected a price above 0`);
  }
  if (row.volume !== row.volume) {
    const text0 = raw(bytes, fs, fe, index.volume);
    // A blank volume (indices, some exports) means no volume recorded; anything else is an error.
    if (text0 === '') series.volume[i] = row.volume = 0;
    else problems.push(`${names[index.volume]}: got ${given(text0, redacted)}, expected a number >= 0`);
  } else if (row.volume < 0) {
    const shown = redacted ? 'a negative number' : raw(bytes, fs, fe, index.volume);
    problems.push(`${names[index.volume]}: got ${shown}, expected a number >= 0`);
  }
  if (problems.length === 0) {
    const ohlc = ohlcProblem(row);
    if (ohlc)
      problems.push(
        redacted ? 'OHLC inconsistent: high must be the highest and low the lowest of the bar' : ohlc,
      );
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}

function ohlcProblem({ open, high, low, close }: RowValues): string | undefined {
  const above = [
    ['open', open],
    ['close', close],
    ['low', low],
  ].filter(([, v]) => (v as number) > high);
  const below = [
    ['open', open],
    ['close', close],
  ].filter(([, v]) => (v as number) < low);
  const parts = [
    ...above.map(([name, v]) => `high ${high} is below ${name} ${v}`),
    ...below.map(([name, v]) => `low ${low} is above ${name} ${v}`),
  ];
  return parts.length ? `OHLC inconsistent: ${parts.join(', ')}` : undefined;
}

/** Message for a row whose time does not move in the file's direction. */
export function orderProblem(
  time: number,
  prevTime: number,
  prevLine: number,
  descending: boolean,
  redacted = false,
): string {
  if (redacted) {
    return time === prevTime
      ? `duplicate timestamp (already on line ${prevLine})`
      : `out of order: rows must be in time order like the rest of the file (see line ${prevLine})`;
  }
  if (time === prevTime)
    return `duplicate timestamp ${formatIstDateTime(time)} (already on line ${prevLine})`;
  const relation = descending ? 'after' : 'before';
  const direction = descending ? 'newest first' : 'oldest first';
  return (
    `out of order: ${formatIstDateTime(time)} is ${relation} ${formatIstDateTime(prevTime)} on line ${prevLine}` +
    ` (rows must be in time order, ${direction} like the rest of the file)`
  );
}
