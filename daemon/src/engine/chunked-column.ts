// A growable typed-array column stored in fixed-size chunks. The engine's logs (orders, trades)
// grow one entry at a time to sizes unknown in advance; doubling a typed array would copy it and
// touch twice the final memory, and fresh memory is the expensive part of a long backtest (each
// new page is faulted in). Chunks are never copied, so the memory touched is the final size.
const SHIFT = 12;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export interface Column {
  readonly length: number;
  set(i: number, value: number): void;
  get(i: number): number;
}

type TypedArray = Float64Array | Int32Array | Uint8Array;

/**
 * One class per element type: each class's methods then only ever see one kind of typed array,
 * so their element accesses stay monomorphic (a single generic class would mix three kinds).
 */
function columnClass<T extends TypedArray>(make: new (length: number) => T): new () => Column {
  return class implements Column {
    length = 0;
    private readonly chunks: T[] = [];

    set(i: number, value: number): void {
      const c = i >>> SHIFT;
      while (c >= this.chunks.length) this.chunks.push(new make(CHUNK));
      this.chunks[c]![i & MASK] = value;
      if (i >= this.length) this.length = i + 1;
    }

    get(i: number): number {
      return this.chunks[i >>> SHIFT]![i & MASK]!;
    }
  };
}

const Float64Column = columnClass(Float64Array);
const Int32Column = columnClass(Int32Array);
const Uint8Column = columnClass(Uint8Array);

export const float64Column = (): Column => new Float64Column();
export const int32Column = (): Column => new Int32Column();
export const uint8Column = (): Column => new Uint8Column();
