// The equity curve kept for charts and reports: at most `maxPoints` points, each summarising a
// bucket of `bucket` consecutive timesteps (its last time, equity and benchmark value, and the
// deepest drawdown inside it, so no drawdown disappears from the chart). The recorder closes
// buckets; when the run is longer than expected the points merge pairwise and buckets double.
// Runs no longer than maxPoints keep every timestep exactly.

export interface EquityCurve {
  time: Float64Array;
  value: Float64Array;
  /** Deepest drawdown within each point's span, positive fraction of the running peak. */
  drawdown: Float64Array;
  benchmark: Float64Array;
}

export class CurveSampler {
  /** Timesteps per point. */
  bucket: number;
  private readonly time: Float64Array;
  private readonly value: Float64Array;
  private readonly drawdown: Float64Array;
  private readonly benchmark: Float64Array;
  private count = 0;

  constructor(
    private readonly maxPoints: number,
    expectedSteps: number,
  ) {
    this.time = new Float64Array(maxPoints);
    this.value = new Float64Array(maxPoints);
    this.drawdown = new Float64Array(maxPoints);
    this.benchmark = new Float64Array(maxPoints);
    this.bucket = Math.max(1, Math.ceil(expectedSteps / maxPoints));
  }

  /** Adds one point (a closed bucket). */
  add(time: number, value: number, drawdown: number, benchmark: number): void {
    if (this.count === this.maxPoints) this.halve();
    const k = this.count++;
    this.time[k] = time;
    this.value[k] = value;
    this.drawdown[k] = drawdown;
    this.benchmark[k] = benchmark;
  }

  finish(): EquityCurve {
    const n = this.count;
    return {
      time: this.time.subarray(0, n),
      value: this.value.subarray(0, n),
      drawdown: this.drawdown.subarray(0, n),
      benchmark: this.benchmark.subarray(0, n),
    };
  }

  private halve(): void {
    const half = this.count >> 1;
    for (let k = 0; k < half; k++) {
      const a = 2 * k;
      const b = a + 1;
      this.time[k] = this.time[b]!;
      this.value[k] = this.value[b]!;
      this.drawdown[k] = Math.max(this.drawdown[a]!, this.drawdown[b]!);
      this.benchmark[k] = this.benchmark[b]!;
    }
    if (this.count & 1) {
      const last = this.count - 1;
      this.time[half] = this.time[last]!;
      this.value[half] = this.value[last]!;
      this.drawdown[half] = this.drawdown[last]!;
      this.benchmark[half] = this.benchmark[last]!;
    }
    this.count = half + (this.count & 1);
    this.bucket *= 2;
  }
}
