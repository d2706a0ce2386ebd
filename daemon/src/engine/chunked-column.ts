// A growable Float64Array column stored in fixed-size chunks. The engine's logs (orders, trades)
// grow one entry at a time to sizes unknown in advance; doubling a typed array would copy it and
// touch twice the final memory, and fresh memory is the expensive part of a long backtest (each
// new page is faulted in). Chunks are never copied, so the memory touched is the final size.
// Every column is a Float64Array column, small integers included: one element type keeps the
// element accesses monomorphic (V8 would otherwise mix typed-array kinds in one call site).
const SHIFT = 12;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export class Column {
  length = 0;
  private readonly chunks: Float64Array[] = [];

  set(i: number, value: number): void {
    const c = i >>> SHIFT;
    while (c >= this.chunks.length) this.chunks.push(new Float64Array(CHUNK));
    this.chunks[c]![i & MASK] = value;
    if (i >= this.length) this.length = i + 1;
  }

  get(i: number): number {
    return this.chunks[i >>> SHIFT]![i & MASK]!;
  }
}

export const column = (): Column => new Column();
