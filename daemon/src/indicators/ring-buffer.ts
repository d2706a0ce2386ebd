// A fixed-capacity window of the latest numbers, in a preallocated Float64Array so that sliding
// it allocates nothing. Rolling indicators push one value per bar and get back the value that
// fell out of the window.

export class RingBuffer {
  readonly capacity: number;
  /** Number of values held (grows to `capacity`, then stays). */
  size = 0;
  private readonly items: Float64Array;
  private nextSlot = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.items = new Float64Array(capacity);
  }

  /** Appends `x`; returns the value it evicted, or NaN while the buffer was not yet full. */
  push(x: number): number {
    const slot = this.nextSlot;
    const evicted = this.size === this.capacity ? this.items[slot]! : NaN;
    this.items[slot] = x;
    this.nextSlot = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.size < this.capacity) this.size++;
    return evicted;
  }

  /** The value `k` pushes ago (0 = the latest), for 0 ≤ k < size. */
  ago(k: number): number {
    let slot = this.nextSlot - 1 - k;
    if (slot < 0) slot += this.capacity;
    return this.items[slot]!;
  }

  /** The i-th stored value in storage order (0 ≤ i < size) — for order-free scans of the window. */
  at(i: number): number {
    return this.items[i]!;
  }
}
