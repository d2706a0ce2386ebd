// Rolling population standard deviation: σ = sqrt(mean((x − mean)²)) over the last n values,
// first defined at index n − 1.
//
// Why not Σx² − (Σx)²/n: for prices near 1,000 with σ near 1 that subtracts two numbers ~1e6
// times larger than the answer and loses ~6 digits. Instead we keep the deviations d = x − c from
// a centre c close to the window mean, as Σd and Σd² (compensated), so var = Σd²/n − (Σd/n)²
// cancels little; and because both sums use the same rounded d, a flat window gives exactly 0.
// Every n samples the centre moves to the current mean and both sums are recomputed from the
// window — O(n) once per n samples, O(1) amortised — so rounding errors cannot accumulate; a
// nearly flat window far from the centre recentres at once (see next()).
// `mean` is the SMA's window mean, so Bollinger's middle band equals sma() bit for bit.
import { CompensatedSum } from './compensated-sum';
import type { BarView, Indicator, PriceSource, ValueStream } from './indicator';
import { priceReader, type PriceReader } from './price-source';
import { SmaStream } from './sma';

export class StdDevStream implements ValueStream {
  readonly period: number;
  readonly warmup: number;
  value = NaN;
  /** The window mean (= SMA) after the latest sample. */
  mean = NaN;
  private readonly sma: SmaStream;
  private readonly deviations = new CompensatedSum();
  private readonly squares = new CompensatedSum();
  private centre = 0;
  private sinceRecentre: number;

  constructor(period: number, name = 'stddev') {
    this.sma = new SmaStream(period, name);
    this.period = period;
    this.warmup = period - 1;
    // Recentre on the first defined sample: until then the centre (0) may be far from the mean.
    this.sinceRecentre = period - 1;
  }

  next(x: number): number {
    if (x !== x) return this.value; // NaN is not a sample (see ValueStream)
    const mean = this.sma.next(x);
    const evicted = this.sma.evicted;
    const c = this.centre;
    if (evicted === evicted) this.remove(evicted - c);
    this.add(x - c);
    if (mean !== mean) return this.value;
    if (++this.sinceRecentre >= this.period) this.recentre(mean);
    let variance = this.variance();
    // var = Σd²/n − shift² loses about shift²/var × 2⁻⁵² relative: when the window is nearly flat
    // but far from the centre (a flat stretch after a jump), recentre now rather than in ≤ n bars.
    // Rare: a window that varies has shift² ≲ var, and after recentring shift ≈ 0.
    const shift = this.deviations.total() / this.period;
    if (shift * shift > 1e6 * variance && this.sinceRecentre > 0) {
      this.recentre(mean);
      variance = this.variance();
    }
    this.mean = mean;
    this.value = variance > 0 ? Math.sqrt(variance) : 0;
    return this.value;
  }

  private variance(): number {
    const shift = this.deviations.total() / this.period;
    return this.squares.total() / this.period - shift * shift;
  }

  private add(d: number): void {
    this.deviations.add(d);
    this.squares.add(d * d);
  }

  private remove(d: number): void {
    this.deviations.add(-d);
    this.squares.add(-(d * d));
  }

  private recentre(mean: number): void {
    const window = this.sma.window;
    this.centre = mean;
    this.sinceRecentre = 0;
    this.deviations.reset();
    this.squares.reset();
    for (let i = 0; i < window.size; i++) this.add(window.at(i) - mean);
  }
}

class StdDev implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly stream: StdDevStream;
  private readonly read: PriceReader;

  constructor(period: number, source: PriceSource) {
    this.stream = new StdDevStream(period);
    this.read = priceReader('stddev', source);
    this.warmup = this.stream.warmup;
  }

  update(bar: BarView): void {
    this.value = this.stream.next(this.read(bar));
  }
}

/** Population standard deviation of `source` over `period` bars; first defined at period − 1. */
export function stddev(period: number, source: PriceSource = 'close'): Indicator {
  return new StdDev(period, source);
}
