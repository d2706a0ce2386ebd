// A running sum that is exact: `total()` is the correctly rounded sum of everything added (what
// Python's math.fsum returns), however long the stream and whatever was added and removed since.
// A moving window adds one value and subtracts another on every bar; a plain float accumulator
// leaves a rounding error each step, and even Neumaier's compensation (our earlier version) is
// only "within about one rounding": a flat window of ten 108.14s averaged to 108.14000000000001
// after a few hundred bars, which put a Bollinger lower band (σ = 0) above a close equal to it.
//
// The sum is kept as a double-double hi + lo. Each add is Knuth's TwoSum (hi + x = s + err with
// err exact), then err is folded into lo and the pair renormalised with a second TwoSum, so hi is
// always the correctly rounded value of hi + lo. hi + lo is the exact sum as long as the values'
// binary digits span fewer than ~105 bits (prices and their squares: by far); no branches.

export class CompensatedSum {
  private hi = 0;
  private lo = 0;

  add(x: number): void {
    const hi = this.hi;
    const s = hi + x;
    const v = s - hi;
    const err = hi - (s - v) + (x - v);
    const lo = this.lo + err;
    const h = s + lo;
    const w = h - s;
    this.lo = s - (h - w) + (lo - w);
    this.hi = h;
  }

  /** The correctly rounded total. */
  total(): number {
    return this.hi;
  }

  reset(): void {
    this.hi = 0;
    this.lo = 0;
  }
}
