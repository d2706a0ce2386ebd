// Streaming statistics of the equity curve, updated once per recorded timestep in O(1) time and
// memory: a 10M-bar run needs no per-bar arrays. Formulas (docs/statistics.md):
//   r_i = E_i / E_{i−1} − 1 with E_{−1} = initial cash; mean and sample variance by Welford;
//   downside deviation = sqrt(Σ min(r_i − rf, 0)² / n); drawdown against the running peak
//   (starting at the initial cash); beta and alpha from the bar returns i ≥ 1 of the strategy and
//   of the buy-and-hold benchmark (bivariate Welford).
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
  private mean = 0;
  private m2 = 0;
  private down2 = 0;
  private peak: number;
  private peakTime = NaN;
  private maxDd = 0;
  private run = 0;
  private bestRun = 0;
  private bestStart = NaN;
  private bestEnd = NaN;
  private exposed = 0;
  private sumEquity = 0;
  private firstTime = NaN;
  private lastTime = NaN;
  private firstBench = NaN;
  private prevBench = NaN;
  private nb = 0;
  private ms = 0;
  private mb = 0;
  private cov = 0;
  private m2b = 0;
  private readonly sampler: CurveSampler;

  constructor(
    initial: number,
    private readonly rfPerBar: number,
    expectedSteps: number,
    maxPoints: number,
  ) {
    this.prev = initial;
    this.peak = initial;
    this.sampler = new CurveSampler(maxPoints, expectedSteps);
  }

  record(time: number, equity: number, benchmark: number, exposed: boolean): void {
    const r = equity / this.prev - 1;
    this.prev = equity;
    const n = ++this.n;
    if (n === 1) this.firstTime = time;
    const d = r - this.mean;
    this.mean += d / n;
    this.m2 += d * (r - this.mean);
    const below = r - this.rfPerBar;
    if (below < 0) this.down2 += below * below;
    let dd = 0;
    if (equity >= this.peak) {
      this.peak = equity;
      this.peakTime = time;
      this.run = 0;
    } else {
      dd = 1 - equity / this.peak;
      if (dd > this.maxDd) this.maxDd = dd;
      if (++this.run > this.bestRun) {
        this.bestRun = this.run;
        this.bestStart = this.peakTime === this.peakTime ? this.peakTime : this.firstTime;
        this.bestEnd = time;
      }
    }
    if (n === 1) this.firstBench = benchmark;
    else this.benchmarkStep(r, benchmark / this.prevBench - 1);
    this.prevBench = benchmark;
    this.lastTime = time;
    this.sumEquity += equity;
    if (exposed) this.exposed++;
    this.sampler.add(time, equity, dd, benchmark);
  }

  private benchmarkStep(rs: number, rb: number): void {
    const nb = ++this.nb;
    const ds = rs - this.ms;
    const db = rb - this.mb;
    this.ms += ds / nb;
    this.mb += db / nb;
    this.cov += ds * (rb - this.mb);
    this.m2b += db * (rb - this.mb);
  }

  finish(): EquitySummary {
    const n = this.n;
    return {
      steps: n,
      startTime: this.firstTime,
      endTime: this.lastTime,
      finalEquity: this.prev,
      meanReturn: n ? this.mean : NaN,
      stdReturn: n > 1 ? Math.sqrt(this.m2 / (n - 1)) : NaN,
      downsideDeviation: n ? Math.sqrt(this.down2 / n) : NaN,
      maxDrawdown: this.maxDd,
      maxDrawdownBars: this.bestRun,
      maxDrawdownStart: this.bestStart,
      maxDrawdownEnd: this.bestEnd,
      exposedSteps: this.exposed,
      meanEquity: n ? this.sumEquity / n : NaN,
      benchmarkReturn: n ? this.prevBench / this.firstBench - 1 : NaN,
      covariance: this.nb ? this.cov / this.nb : NaN,
      benchmarkVariance: this.nb ? this.m2b / this.nb : NaN,
      meanBenchmarkReturn: this.nb ? this.mb : NaN,
      meanStrategyReturn: this.nb ? this.ms : NaN,
      curve: this.sampler.finish(this.lastTime, this.prev, this.prevBench),
    };
  }
}
