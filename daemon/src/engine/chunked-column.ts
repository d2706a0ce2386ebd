// A growable typed-array column stored in fixed-size chunks. The engine's logs (orders, trades)
// grow one entry at a time to sizes unknown in advance; doubling a typed array would copy it and
// touch twice the final memory, and fresh memory is the expensive part of a long backtest (each
// new page is faulted in). Chunks are never copied, so the memory touched is the final size.
const SHIFT = 12;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

type TypedArray = Float64Array | Int32Array | Uint8Array;
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T;

export class Column<T extends TypedArray> {
  length = 0;
  private readonly chunks: T[] = [];

  constructor(private readonly make: TypedArrayConstructor<T>) {}

  set(i: number, value: number): void {
    const c = i >>> SHIFT;
    while (c >= this.chunks.length) this.chunks.push(new this.make(CHUNK));
    this.chunks[c]![i & MASK] = value;
    if (i >= this.length) this.length = i + 1;
  }

  push(value: number): void {
    this.set(this.length, value);
  }

  get(i: number): number {
    return this.chunks[i >>> SHIFT]![i & MASK]!;
  }
}

export const float64Column = (): Column<Float64Array> => new Column(Float64Array);
export const int32Column = (): Column<Int32Array> => new Column(Int32Array);
export const uint8Column = (): Column<Uint8Array> => new Column(Uint8Array);
