// The times of a scope's most recent orders, newest last, in a ring buffer. "At most L orders in
// any window W" holds for the next order exactly when the L-th most recent order is at least W
// old, so each rate check is one array read, whatever the window. The ring grows when a profile
// asks for a larger limit and keeps the times it has.

export class OrderTimes {
  private buffer: Float64Array;
  /** Index the next time is written to. */
  private head = 0;
  private size = 0;

  constructor(capacity = 16) {
    this.buffer = new Float64Array(Math.max(1, capacity));
  }

  get capacity(): number {
    return this.buffer.length;
  }

  get length(): number {
    return this.size;
  }

  /** Makes room for at least `capacity` times, keeping the newest ones. */
  ensure(capacity: number): void {
    if (capacity <= this.buffer.length) return;
    const times = this.toArray();
    this.buffer = new Float64Array(Math.max(capacity, this.buffer.length * 2));
    this.head = 0;
    this.size = 0;
    for (const t of times) this.record(t);
  }

  record(time: number): void {
    this.buffer[this.head] = time;
    this.head = (this.head + 1) % this.buffer.length;
    if (this.size < this.buffer.length) this.size++;
  }

  /** The n-th most recent time (1 = the newest); NaN when fewer than n are kept. */
  recent(n: number): number {
    if (n < 1 || n > this.size) return NaN;
    const len = this.buffer.length;
    return this.buffer[(this.head - n + len * 2) % len]!;
  }

  /**
   * How long until one more order fits "at most `limit` in any `windowMs`": 0 when it fits now.
   */
  waitFor(limit: number, windowMs: number, now: number): number {
    if (this.size < limit) return 0;
    const lth = this.recent(limit);
    const wait = lth + windowMs - now;
    return wait > 0 ? wait : 0;
  }

  /** Oldest first. */
  toArray(): number[] {
    const out: number[] = [];
    for (let n = this.size; n >= 1; n--) out.push(this.recent(n));
    return out;
  }
}
