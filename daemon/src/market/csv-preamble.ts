// What a CSV reader settles before its row loop: the header line (columns and delimiter), the
// times of the first and last rows (a newest-first file is checked and reversed as such), and
// how many rows to make room for.
import { scanDateTime, scanTimeColumn, type DateSpec } from './csv-date';
import { resolveLayout, type CsvLayout } from './csv-header';
import { scanFields } from './csv-rows';
import { decodeUtf8, lastLine, peekLine, type ByteWindow, type CsvByteSource } from './csv-source';

export interface CsvHeader {
  layout: CsvLayout;
  /** 1-based line number of the header. */
  line: number;
}

/** Finds the header (the first non-blank line) and leaves the window at the line after it. */
export function readHeader(
  w: ByteWindow,
  source: CsvByteSource,
  columns: Record<string, string> | undefined,
  adjust = false,
  redacted = false,
): CsvHeader | { problem: { line: number; reason: string } } {
  let line = 1;
  let bounds = peekLine(w, source);
  while (bounds !== undefined && bounds.end === bounds.start) {
    w.pos = bounds.next;
    line++;
    bounds = peekLine(w, source);
  }
  if (bounds === undefined) {
    return {
      problem: {
        line: 1,
        reason: 'the file is empty; expected a header line such as Date,Open,High,Low,Close,Volume',
      },
    };
  }
  const resolved = resolveLayout(decodeUtf8(w.bytes, bounds.start, bounds.end), columns, adjust, redacted);
  if ('problem' in resolved) return { problem: { line, reason: resolved.problem } };
  w.pos = bounds.next;
  return { layout: resolved.layout, line };
}

/** Scans the row at `start` (it ends at an LF) and returns its time, NaN when it has too few fields or a bad date. */
function rowTime(bytes: Uint8Array, start: number, layout: CsvLayout, spec: DateSpec): number {
  const fs = new Int32Array(layout.maxIndex + 1);
  const fe = new Int32Array(layout.maxIndex + 1);
  if (scanFields(bytes, start, layout, fs, fe) <= layout.maxIndex) return NaN;
  const { date, time } = layout.index;
  let t = scanDateTime(bytes, fs[date]!, fe[date]!, spec);
  if (time >= 0 && t === t) t += scanTimeColumn(bytes, fs[time]!, fe[time]!);
  return t;
}

/**
 * Times of the first data row (the line right after the header) and of the last non-blank
 * line; undefined unless both parse. A last row older than the first marks a newest-first file.
 */
export function peekSpan(
  w: ByteWindow,
  source: CsvByteSource,
  layout: CsvLayout,
  spec: DateSpec,
): { first: number; last: number } | undefined {
  const dataStart = w.base + w.pos;
  const first = peekLine(w, source);
  if (first === undefined || first.end === first.start) return undefined;
  const t0 = rowTime(w.bytes, first.start, layout, spec);
  if (t0 !== t0) return undefined;
  const last = lastLine(source, dataStart);
  if (last === undefined) return undefined;
  const t1 = rowTime(last, 0, layout, spec);
  return t1 === t1 ? { first: t0, last: t1 } : undefined;
}

/**
 * Rows to make room for: the data's size over the first row's length, with a margin. Room
 * never written costs nothing (untouched pages are never mapped); a file of shorter rows
 * further down grows the arrays (csv-bars.ts).
 */
export function estimateRows(w: ByteWindow, source: CsvByteSource): number {
  const first = peekLine(w, source);
  const rowBytes = first === undefined ? 64 : Math.max(8, first.next - first.start);
  const dataBytes = Math.max(0, source.size - (w.base + w.pos));
  return Math.ceil((dataBytes / rowBytes) * 1.25) + 64;
}
