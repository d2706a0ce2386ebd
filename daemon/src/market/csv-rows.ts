// The hot loop of CSV bar parsing, run in batches of lines over the bytes in a window
// (csv-source.ts). A batch function called many times is compiled by V8 as an ordinary hot
// function, and quickly; one loop over a million lines in a big function waited for on-stack
// replacement and ran cold for most of a first parse (2.5× slower).
import type { BarSeries } from '../core/bar';
import type { BarTimeChecker } from '../core/calendar/bar-time-check';
import { scanDateTime, scanTimeColumn, type DateSpec } from './csv-date';
import type { CsvLayout } from './csv-header';
import { scanNumber } from './csv-number';
import { describeBadRow, orderProblem } from './csv-row-problems';
import type { ByteWindow } from './csv-source';

export interface RowParser extends ByteWindow {
  layout: CsvLayout;
  spec: DateSpec;
  series: BarSeries;
  fs: Int32Array;
  fe: Int32Array;
  descending: boolean;
  /** 1-based number of the line at `pos`. */
  line: number;
  /** Good rows so far, and the last one's time and line. */
  n: number;
  prevTime: number;
  prevLine: number;
  /** When set, a row whose time cannot start a bar of the timeframe is a bad row. */
  timeCheck: BarTimeChecker | undefined;
  fail(line: number, reason: string): void;
}

// Where the last scanFields call met its line's LF (module state: the hot loop allocates nothing).
let lineFeed = 0;

/**
 * Splits the line at `start` into field bounds for columns 0..maxIndex and returns how many it
 * found. The line runs to the next LF (a CR before the LF is not part of it): one pass finds
 * both the fields and the line's end, which is left in `lineFeed`. A quoted field ends at its
 * closing quote; anything after it up to the delimiter is ignored.
 */
export function scanFields(
  bytes: Uint8Array,
  start: number,
  layout: CsvLayout,
  fs: Int32Array,
  fe: Int32Array,
): number {
  const delimiter = layout.delimiter;
  let p = start;
  let col = 0;
  let c: number;
  for (;;) {
    let s = p;
    let e = p;
    c = bytes[p]!;
    if (c === 34 /* " */) {
      s = e = p + 1;
      while ((c = bytes[e]!) !== 34 && c !== 10) e++;
      p = e;
      if (c === 34) while ((c = bytes[++p]!) !== delimiter && c !== 10);
    } else {
      while (c !== delimiter && c !== 10) c = bytes[++e]!;
      p = e;
    }
    if (c === 10 && e === p && e > s && bytes[e - 1] === 13) e--;
    fs[col] = s;
    fe[col] = e;
    col++;
    if (c === 10 || col > layout.maxIndex) break;
    p++;
  }
  while (c !== 10) c = bytes[++p]!;
  lineFeed = p;
  return col;
}

/**
 * Parses up to `maxLines` lines from p.pos. Returns true when it stopped for want of a whole
 * line in the window (refill it, or at the end of the source, finish), false after maxLines.
 */
export function parseRows(p: RowParser, maxLines: number): boolean {
  const { bytes, limit, eof, layout, spec, fs, fe, series, descending, timeCheck } = p;
  const { time, open, high, low, close, volume } = series;
  const {
    date: iDate,
    time: iTime,
    open: iOpen,
    high: iHigh,
    low: iLow,
    close: iClose,
    volume: iVolume,
    adjclose: iAdj,
  } = layout.index;
  let { pos, line, n, prevTime, prevLine } = p;
  let drained = false;
  for (let k = 0; k < maxLines; k++, line++) {
    // The LF stored at bytes[limit] ends every scan without a bounds check; a line that
    // reaches it is incomplete until the window is refilled, or the last one at the end.
    const start = pos;
    const found = scanFields(bytes, start, layout, fs, fe);
    const lf = lineFeed;
    if (lf === limit && (start === limit || !eof)) {
      drained = true;
      break;
    }
    pos = lf < limit ? lf + 1 : limit;
    if (lf === start || (lf === start + 1 && bytes[start] === 13)) continue;
    if (found <= layout.maxIndex) {
      p.fail(
        line,
        `expected at least ${layout.maxIndex + 1} fields separated by "${String.fromCharCode(layout.delimiter)}", found ${found}`,
      );
      continue;
    }
    // Decode straight into slot n; the slot is only kept (n++) when the row is good.
    let t = scanDateTime(bytes, fs[iDate]!, fe[iDate]!, spec);
    if (iTime >= 0) t += scanTimeColumn(bytes, fs[iTime]!, fe[iTime]!);
    const o = (open[n] = scanNumber(bytes, fs[iOpen]!, fe[iOpen]!));
    const h = (high[n] = scanNumber(bytes, fs[iHigh]!, fe[iHigh]!));
    const l = (low[n] = scanNumber(bytes, fs[iLow]!, fe[iLow]!));
    const c = (close[n] = scanNumber(bytes, fs[iClose]!, fe[iClose]!));
    const v = (volume[n] = iVolume < 0 ? 0 : scanNumber(bytes, fs[iVolume]!, fe[iVolume]!));
    time[n] = t;
    const good = t === t && o > 0 && l > 0 && v >= 0 && h >= o && h >= c && l <= o && l <= c;
    if (!good) {
      const problem = describeBadRow(bytes, layout, fs, fe, series, n);
      if (problem !== undefined) {
        p.fail(line, problem);
        continue;
      }
    }
    if (n > 0 && (descending ? t >= prevTime : t <= prevTime)) {
      p.fail(line, orderProblem(t, prevTime, prevLine, descending, layout.redacted));
      continue;
    }
    if (iAdj >= 0) {
      const problem = adjustRow(series, n, scanNumber(bytes, fs[iAdj]!, fe[iAdj]!), layout.names[iAdj]!);
      if (problem !== undefined) {
        p.fail(line, problem);
        continue;
      }
    }
    if (timeCheck !== undefined) {
      const problem = timeCheck.check(t);
      if (problem !== undefined) {
        p.fail(line, problem.message);
        continue;
      }
    }
    prevTime = t;
    prevLine = line;
    n++;
  }
  p.pos = pos;
  p.line = line;
  p.n = n;
  p.prevTime = prevTime;
  p.prevLine = prevLine;
  return drained;
}

/**
 * Scales bar n by adjusted/close (prices) and its inverse (volume, rounded to whole shares), so the
 * adjusted bar stays consistent and its turnover unchanged. Returns why the row cannot be adjusted.
 */
function adjustRow(series: BarSeries, n: number, adjusted: number, column: string): string | undefined {
  if (!(adjusted > 0) || !Number.isFinite(adjusted))
    return `${column}: got ${adjusted !== adjusted ? 'no number' : adjusted}, expected an adjusted close above 0`;
  const factor = adjusted / series.close[n]!;
  series.open[n]! *= factor;
  series.high[n]! *= factor;
  series.low[n]! *= factor;
  // The same multiplication for all four keeps their order exactly (rounding is monotonic).
  series.close[n]! *= factor;
  series.volume[n] = Math.round(series.volume[n]! / factor);
  return undefined;
}
