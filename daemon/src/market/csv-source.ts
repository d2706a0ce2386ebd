// The bytes of a CSV, seen through one small reused window. Reading a 10 MB file whole costs a
// fresh 10 MB buffer, and decoding it a 10 MB string: on these machines every first-touched 4 KB
// page costs ~15 µs (~35 ms per 10 MB, more than scanning it). A window refilled in place touches
// its pages once and stays in cache. Scanners work on UTF-8 bytes: every character they look at
// (digits, separators, quotes, CR, LF) is ASCII, and no byte of a multi-byte UTF-8 sequence is.

/** Where the bytes come from: a file (csv-file.ts) or bytes in memory. */
export interface CsvByteSource {
  /** Total size in bytes; sizes the bar arrays. */
  readonly size: number;
  /** Copies up to `length` bytes from byte `position` into `into` at `offset`; returns the count, 0 at the end. */
  readAt(into: Uint8Array, offset: number, length: number, position: number): number;
}

/** A window onto the source: bytes[0, limit) hold the data from byte `base` of the source. */
export interface ByteWindow {
  bytes: Uint8Array;
  limit: number;
  /** Source offset of bytes[0]. */
  base: number;
  /** Offset (in bytes) of the next unread line. */
  pos: number;
  /** The source is exhausted: bytes[pos, limit) is the rest of it. */
  eof: boolean;
}

/** A line in the window: [start, end) without its CR LF; `next` is the following line's start. */
export interface LineBounds {
  start: number;
  end: number;
  next: number;
}

/** Window size: holds a few thousand bar rows and stays in the CPU's L2 cache. */
const WINDOW_BYTES = 128 * 1024;
const LF = 10;
const CR = 13;

export function memorySource(bytes: Uint8Array): CsvByteSource {
  return {
    size: bytes.length,
    readAt(into, offset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      into.set(bytes.subarray(position, position + n), offset);
      return n;
    },
  };
}

export function openWindow(source: CsvByteSource, windowBytes = WINDOW_BYTES): ByteWindow {
  // One spare byte past the data always holds LF: line scans stop there without a bounds check.
  const bytes = new Uint8Array(Math.max(16, Math.min(windowBytes, source.size + 1)) + 1);
  const window: ByteWindow = { bytes, limit: 0, base: 0, pos: 0, eof: false };
  refill(window, source);
  return window;
}

/**
 * Moves the unread bytes [pos, limit) to the front and reads more after them; a line longer
 * than the window doubles it. Sets `eof` when the source has nothing more.
 */
export function refill(w: ByteWindow, source: CsvByteSource): void {
  const kept = w.limit - w.pos;
  let bytes = w.bytes;
  if (kept + 1 >= bytes.length) {
    bytes = new Uint8Array(bytes.length * 2);
    bytes.set(w.bytes.subarray(w.pos, w.limit));
  } else if (w.pos > 0) bytes.copyWithin(0, w.pos, w.limit);
  w.base += w.pos;
  const limit = kept + readFully(source, bytes, kept, bytes.length - 1, w.base + kept);
  Object.assign(w, { bytes, limit, pos: 0, eof: limit === kept });
  bytes[limit] = LF;
}

/** Reads into [offset, end) until it is full or the source ends (reads may come back short). */
function readFully(
  source: CsvByteSource,
  into: Uint8Array,
  offset: number,
  end: number,
  position: number,
): number {
  let at = offset;
  while (at < end) {
    const n = source.readAt(into, at, end - at, position + at - offset);
    if (n === 0) break;
    at += n;
  }
  return at - offset;
}

/** The line at `pos`, refilling until it is whole in the window; undefined at the end of the source. */
export function peekLine(w: ByteWindow, source: CsvByteSource): LineBounds | undefined {
  for (;;) {
    let e = w.pos;
    while (w.bytes[e] !== LF) e++;
    if (e < w.limit || (w.eof && w.pos < w.limit)) {
      const end = e > w.pos && w.bytes[e - 1] === CR ? e - 1 : e;
      return { start: w.pos, end, next: Math.min(e + 1, w.limit) };
    }
    if (w.eof) return undefined;
    refill(w, source);
  }
}

/**
 * The last line holding anything but CR/LF, at or after source offset `from`, read from the
 * end of the source, without its trailing CRs and LFs but ending in one LF (as scanners expect).
 * A newest-first file is told by its last row being older than its first.
 */
export function lastLine(source: CsvByteSource, from: number): Uint8Array | undefined {
  if (from >= source.size) return undefined;
  for (let tail = 4096; ; tail *= 2) {
    const start = Math.max(from, source.size - tail);
    const bytes = new Uint8Array(source.size - start + 1);
    let end = readFully(source, bytes, 0, bytes.length - 1, start);
    while (end > 0 && (bytes[end - 1] === LF || bytes[end - 1] === CR)) end--;
    if (end === 0) return undefined;
    const nl = bytes.lastIndexOf(LF, end - 1);
    if (nl >= 0 || start === from) {
      bytes[end] = LF;
      return bytes.subarray(nl + 1, end + 1);
    }
  }
}

let decoder: TextDecoder | undefined;

/** UTF-8 text of bytes[start, end), for header names and messages (never on the hot path). */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  // ignoreBOM keeps a leading U+FEFF in the text, as decoding the whole file would.
  decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  return decoder.decode(bytes.subarray(start, end));
}
