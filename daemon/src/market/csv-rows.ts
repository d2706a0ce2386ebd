// The hot loop of CSV bar parsing, run in batches of lines. A batch function called many times
// is compiled by V8 as an ordinary hot function, and quickly; one loop over a million lines in a
// big function waited for on-stack replacement and ran cold for most of a first parse (2.5× slower).
import type { BarSeries } from '../core/bar';
import { scanDateTime, scanTimeColumn, type DateSpec } from './csv-date';
import type { CsvLayout } from './csv-header';
import { scanNumber } from './csv-number';
import { describeBadRow, orderProblem } from './csv-row-problems';

export interface RowParser {
  text: string;
  layout: CsvLayout;
  spec: DateSpec;
  series: BarSeries;
  fs: Int32Array;
  fe: Int32Array;
  descending: boolean;
  /** Next line's start offset and 1-based number. */
  pos: number;
  line: number;
  /** Good rows so far, and the last one's time and line. */
  n: number;
  prevTime: number;
  prevLine: number;
  fail(line: number, reason: string): void;
}

/** Splits one line into field bounds for columns 0..maxIndex; returns the count found. */
export function scanFields(
  text: string,
  start: number,
  end: number,
  layout: CsvLayout,
  fs: Int32Array,
  fe: Int32Array,
): number {
  const delimiter = layout.delimiter;
  let p = start;
  let col = 0;
  while (col <= layout.maxIndex) {
    let s = p;
    let e: number;
    if (text.charCodeAt(p) === 34 /* " */) {
      s = p + 1;
      e = text.indexOf('"', s);
      if (e < 0 || e > end) e = end;
      p = e + 1;
      while (p < end && text.charCodeAt(p) !== delimiter) p++;
    } else {
      e = p;
      while (e < end && text.charCodeAt(e) !== delimiter) e++;
      p = e;
    }
    fs[col] = s;
    fe[col] = e;
    col++;
    if (p >= end) break;
    p++;
  }
  return col;
}

/** Parses up to `maxLines` lines from p.pos; returns false when the text is exhausted. */
export function parseRows(p: RowParser, maxLines: number): boolean {
  const { text, layout, spec, fs, fe, series, descending } = p;
  const { time, open, high, low, close, volume } = series;
  const {
    date: iDate,
    time: iTime,
    open: iOpen,
    high: iHigh,
    low: iLow,
    close: iClose,
    volume: iVolume,
  } = layout.index;
  let { pos, line, n, prevTime, prevLine } = p;
  for (let k = 0; k < maxLines && pos < text.length; k++, line++) {
    // Inline line splitting: an object per line would put the GC on the hot path.
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const start = pos;
    pos = next;
    if (end === start) continue;
    const found = scanFields(text, start, end, layout, fs, fe);
    if (found <= layout.maxIndex) {
      p.fail(
        line,
        `expected at least ${layout.maxIndex + 1} fields separated by "${String.fromCharCode(layout.delimiter)}", found ${found}`,
      );
      continue;
    }
    // Decode straight into slot n; the slot is only kept (n++) when the row is good.
    let t = scanDateTime(text, fs[iDate]!, fe[iDate]!, spec);
    if (iTime >= 0) t += scanTimeColumn(text, fs[iTime]!, fe[iTime]!);
    const o = (open[n] = scanNumber(text, fs[iOpen]!, fe[iOpen]!));
    const h = (high[n] = scanNumber(text, fs[iHigh]!, fe[iHigh]!));
    const l = (low[n] = scanNumber(text, fs[iLow]!, fe[iLow]!));
    const c = (close[n] = scanNumber(text, fs[iClose]!, fe[iClose]!));
    const v = (volume[n] = iVolume < 0 ? 0 : scanNumber(text, fs[iVolume]!, fe[iVolume]!));
    time[n] = t;
    const good = t === t && o > 0 && l > 0 && v >= 0 && h >= o && h >= c && l <= o && l <= c;
    if (!good) {
      const problem = describeBadRow(text, layout, fs, fe, series, n);
      if (problem !== undefined) {
        p.fail(line, problem);
        continue;
      }
    }
    if (n > 0 && (descending ? t >= prevTime : t <= prevTime)) {
      p.fail(line, orderProblem(t, prevTime, prevLine, descending));
      continue;
    }
    prevTime = t;
    prevLine = line;
    n++;
  }
  Object.assign(p, { pos, line, n, prevTime, prevLine });
  return pos < text.length;
}
