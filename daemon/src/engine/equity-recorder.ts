// Streaming statistics of the equity curve, updated once per recorded timestep in O(1) time and
// memory: a 10M-bar run needs no per-bar arrays. Formulas (docs/statistics.md):
//   r_i = E_i / E_{i−1} − 1 with E_{−1} = initial cash; mean and sample variance from shifted sums;
//   downside deviation = sqrt(Σ min(r_i − rf, 0)² / n); drawdown against the running peak
//   (starting at the initial cash); beta and alpha from the bar returns i ≥ 1 of the strategy and
//   of the buy-and-hold benchmark (shifted co-moment sums).
import { CurveSampler, type EquityCurve } from './equity-curve';

export interface EquitySummary {
  steps: number;
  startTime: number;
  endTime: number;
  finalEquity: number;
  meanReturn: number;
  /** Sample standard deviation of the bar returns. */
  stdReturn: number;
  downsideDeviation: number;
  maxDrawdown: number;
  maxDrawdownBars: number;
  maxDrawdownStart: number;
  maxDrawdownEnd: number;
  exposedSteps: number;
  meanEquity: number;
  benchmarkReturn: number;
  /** Covariance and benchmark variance of the bar returns i ≥ 1 (population, for beta). */
  covariance: number;
  benchmarkVariance: number;
  meanBenchmarkReturn: number;
  meanStrategyReturn: number;
  curve: EquityCurve;
}

export class EquityRecorder {
  private n = 0;
  private prev: number;
  // Sums of shifted returns (r − k, with k the first return): a one-pass variance without the
  // divisions of Welford's update and without cancellation when returns share a large mean.
  private k = NaN;
  private sum = 0;
  private sum2 = 0;
  private down2 = 0;
  private peak: number;
  private inversePeak: number;
  private peakTime = NaN;
  private maxDd = 0;
  private run = 0;
  private bestRun = 0;
  private bestStart = NaN;
  private bestEnd = NaN;
  private exposedSteps = 0;
  /** Steps left in the current curve bucket, and the deepest drawdown seen in it. */
  private left: number;
  private worst = 0;
  private sumEquity = 0;
  private firstTime = NaN;
  private firstBench = NaN;
  private prevBench = NaN;
  // Benchmark co-moments over bars i ≥ 1, shifted by the first pair (ks, kb).
  private nb = 0;
  private ks = NaN;
  private kb = NaN;
  private ss = 0;
  private sb = 0;
  private sbb = 0;
  private ssb = 0;
  private readonly sampler: CurveSampler;

  constructor(
    initial: number,
    private readonly rfPerBar: number,
    expectedSteps: number,
    maxPoints: number,
  ) {
    this.prev = initial;
    this.peak = initial;
    this.inversePeak = 1 / initial;
    this.sampler = new CurveSampler(maxPoints, expectedSteps);
    this.left = this.sampler.bucket;
  }

  // The current timestep's inputs. Drivers set these fields and call step(): passing doubles as
  // arguments to a call V8 does not inline boxes each one (a heap allocation per bar), while a
  // store into a number field does not.
  time = NaN;
  equity = NaN;
  benchmark = NaN;
  exposed = false;

  /** Convenience for callers off the hot path. */
  record(time: number, equity: number, benchmark: number, exposed: boolean): void {
    this.time = time;
    this.equity = equity;
    this.benchmark = benchmark;
    this.exposed = exposed;
    this.step();
  }

  step(): void {
    const equity = this.equity;
    const benchmark = this.benchmark;
    // A flat account (the common case between trades) has a zero return: skip the division.
    const r = equity === this.prev ? 0 : equity / this.prev - 1;
    this.prev = equity;
    if (++this.n === 1) this.begin(r);
    else this.benchmarkStep(r, benchmark === this.prevBench ? 0 : benchmark / this.prevBench - 1);
    const d = r - this.k;
    this.sum += d;
    this.sum2 += d * d;
    const below = r - this.rfPerBar;
    if (below < 0) this.down2 += below * below;
    let dd = 0;
    if (equity >= this.peak) {
      if (equity > this.peak) this.newPeak(equity);
      this.peakTime = this.time;
      this.run = 0;
    } else {
      dd = 1 - equity * this.inversePeak;
      if (dd > this.maxDd) this.maxDd = dd;
      if (++this.run > this.bestRun) this.longestUnderwater();
    }
    this.prevBench = benchmark;
    this.sumEquity += equity;
    if (this.exposed) this.exposedSteps++;
    if (dd > this.worst) this.worst = dd;
    if (--this.left === 0) this.closeBucket();
  }

  private begin(r: number): void {
    this.firstTime = this.time;
    this.firstBench = this.benchmark;
    this.k = r;
  }

  private newPeak(equity: number): void {
    this.peak = equity;
    this.inversePeak = 1 / equity;
  }

  private longestUnderwater(): void {
    this.bestRun = this.run;
    this.bestStart = this.peakTime === this.peakTime ? this.peakTime : this.firstTime;
    this.bestEnd = this.time;
  }

  private closeBucket(): void {
    this.sampler.add(this.time, this.equity, this.worst, this.benchmark);
    this.worst = 0;
    this.left = this.sampler.bucket;
  }

  private benchmarkStep(rs: number, rb: number): void {
    if (++this.nb === 1) {
      this.ks = rs;
      this.kb = rb;
    }
    const ds = rs - this.ks;
    const db = rb - this.kb;
    this.ss += ds;
    this.sb += db;
    this.sbb += db * db;
    this.ssb += ds * db;
  }

  private finishCurve(): EquityCurve {
    // The last, partial bucket.
    if (this.n > 0 && this.left < this.sampler.bucket)
      this.sampler.add(this.time, this.prev, this.worst, this.prevBench);
    return this.sampler.finish();
  }

  finish(): EquitySummary {
    const n = this.n;
    const nb = this.nb;
    const mean = this.sum / n;
    return {
      steps: n,
      startTime: this.firstTime,
      endTime: n ? this.time : NaN,
      finalEquity: this.prev,
      meanReturn: n ? this.k + mean : NaN,
      stdReturn: n > 1 ? Math.sqrt(Math.max(0, (this.sum2 - this.sum * mean) / (n - 1))) : NaN,
      downsideDeviation: n ? Math.sqrt(this.down2 / n) : NaN,
      maxDrawdown: this.maxDd,
      maxDrawdownBars: this.bestRun,
      maxDrawdownStart: this.bestStart,
      maxDrawdownEnd: this.bestEnd,
      exposedSteps: this.exposedSteps,
      meanEquity: n ? this.sumEquity / n : NaN,
      benchmarkReturn: n ? this.prevBench / this.firstBench - 1 : NaN,
      covariance: nb ? (this.ssb - (this.ss * this.sb) / nb) / nb : NaN,
      benchmarkVariance: nb ? Math.max(0, (this.sbb - (this.sb * this.sb) / nb) / nb) : NaN,
      meanBenchmarkReturn: nb ? this.kb + this.sb / nb : NaN,
      meanStrategyReturn: nb ? this.ks + this.ss / nb : NaN,
      curve: this.finishCurve(),
    };
  }
}
