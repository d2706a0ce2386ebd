// A running sum that does not drift. A moving window adds one value and subtracts another on
// every bar; with a plain float accumulator each step leaves a rounding error of up to half an
// ulp of the sum, and over millions of bars those errors random-walk into visible noise (a flat
// price series would stop producing an SMA equal to the price). Neumaier's variant of Kahan
// summation keeps the lost low-order bits in a second accumulator, so `total()` stays within
// about one rounding of the exact sum of everything added, however long the stream.

export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const s = this.sum;
    const t = s + x;
    // Whichever operand is larger in magnitude is exact in t; recover what the other lost.
    if (Math.abs(s) >= Math.abs(x)) this.compensation += s - t + x;
    else this.compensation += x - t + s;
    this.sum = t;
  }

  total(): number {
    return this.sum + this.compensation;
  }

  reset(): void {
    this.sum = 0;
    this.compensation = 0;
  }
}
