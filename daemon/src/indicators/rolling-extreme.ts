// Rolling maximum and minimum over the last n samples (the current one included), first defined
// at index n − 1. A monotonic deque keeps the candidates in decreasing order, so each sample is
// pushed and popped at most once: O(1) amortised, in preallocated typed arrays.
import type { ValueStream } from './indicator';
import { checkPeriod } from './parameter-checks';

export class RollingMax implements ValueStream {
  readonly period: number;
  readonly warmup: number;
  value = NaN;
  private readonly values: Float64Array;
  private readonly indices: Float64Array;
  private head = 0;
  private length = 0;
  private count = 0;

  constructor(period: number, name = 'highest') {
    this.period = checkPeriod(name, 'period', period);
    this.warmup = period - 1;
    this.values = new Float64Array(period);
    this.indices = new Float64Array(period);
  }

  next(x: number): number {
    if (x !== x) return this.value; // NaN is not a sample (see ValueStream)
    const n = this.period;
    const i = this.count++;
    // Drop the front candidate once it has left the window [i − n + 1, i].
    if (this.length > 0 && this.indices[this.head]! <= i - n) {
      this.head = this.head + 1 === n ? 0 : this.head + 1;
      this.length--;
    }
    // Candidates not above x can never be the maximum again.
    while (this.length > 0) {
      let tail = this.head + this.length - 1;
      if (tail >= n) tail -= n;
      if (this.values[tail]! > x) break;
      this.length--;
    }
    let slot = this.head + this.length;
    if (slot >= n) slot -= n;
    this.values[slot] = x;
    this.indices[slot] = i;
    this.length++;
    if (this.count >= n) this.value = this.values[this.head]!;
    return this.value;
  }
}

/** The rolling minimum is the negated maximum of the negated samples (negation is exact). */
export class RollingMin implements ValueStream {
  readonly period: number;
  readonly warmup: number;
  value = NaN;
  private readonly max: RollingMax;

  constructor(period: number, name = 'lowest') {
    this.max = new RollingMax(period, name);
    this.period = period;
    this.warmup = this.max.warmup;
  }

  next(x: number): number {
    if (x !== x) return this.value;
    const m = this.max.next(-x);
    if (m === m) this.value = -m;
    return this.value;
  }
}
