// A growable table of numeric records (orders, trades) stored row by row in fixed-size
// Float64Array chunks. Logs grow one record at a time to sizes unknown in advance; doubling an
// array would copy it and touch twice the final memory, and fresh memory is the expensive part of
// a long backtest (each new page is faulted in). Chunks are never copied. Writing a record costs
// one chunk lookup and plain typed-array stores — no calls, so no boxed numbers.
const ROWS_PER_CHUNK = 1024;

export class RecordTable {
  length = 0;
  /** The chunk of the row returned by the latest `slot()` call. */
  chunk: Float64Array;
  private readonly chunks: Float64Array[] = [];

  constructor(private readonly width: number) {
    this.chunk = new Float64Array(0);
  }

  /** Makes row `i` writable: returns its offset in `this.chunk`. */
  slot(i: number): number {
    const c = (i / ROWS_PER_CHUNK) | 0;
    while (c >= this.chunks.length) this.chunks.push(new Float64Array(ROWS_PER_CHUNK * this.width));
    this.chunk = this.chunks[c]!;
    if (i >= this.length) this.length = i + 1;
    return (i - c * ROWS_PER_CHUNK) * this.width;
  }

  /** Field `field` of row `i` (for reading back, off the hot path). */
  get(i: number, field: number): number {
    const c = (i / ROWS_PER_CHUNK) | 0;
    return this.chunks[c]![(i - c * ROWS_PER_CHUNK) * this.width + field]!;
  }
}
