// Weighted moving average. WMA(n) = Σ wᵢ·xᵢ / (n(n+1)/2) over the last n values, the newest
// weighted n and the oldest 1; first defined at index n − 1.
//
// O(1) update: sliding the window changes the weighted sum by n·x_new − (sum of the previous
// window). Those subtractions would accumulate rounding error, so the weighted sum is also
// recomputed from the window every n samples (O(1) amortised), which caps the error at n steps.
import { CompensatedSum } from './compensated-sum';
import type { BarView, Indicator, PriceSource, ValueStream } from './indicator';
import { checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';
import { RingBuffer } from './ring-buffer';

export class WmaStream implements ValueStream {
  readonly period: number;
  readonly warmup: number;
  value = NaN;
  private readonly divisor: number;
  private readonly window: RingBuffer;
  private readonly sum = new CompensatedSum();
  private readonly weighted = new CompensatedSum();
  private sinceRecompute = 0;

  constructor(period: number) {
    this.period = checkPeriod('wma', 'period', period);
    this.warmup = period - 1;
    this.divisor = (period * (period + 1)) / 2;
    this.window = new RingBuffer(period);
  }

  next(x: number): number {
    if (x !== x) return this.value; // NaN is not a sample (see ValueStream)
    const n = this.period;
    const filled = this.window.size;
    if (filled < n) this.weighted.add((filled + 1) * x);
    else {
      this.weighted.add(-this.sum.total());
      this.weighted.add(n * x);
    }
    const evicted = this.window.push(x);
    if (evicted === evicted) this.sum.add(-evicted);
    this.sum.add(x);
    if (this.window.size < n) return this.value;
    if (++this.sinceRecompute >= n) this.recompute();
    this.value = this.weighted.total() / this.divisor;
    return this.value;
  }

  private recompute(): void {
    this.sinceRecompute = 0;
    this.weighted.reset();
    for (let k = 0; k < this.period; k++) this.weighted.add((this.period - k) * this.window.ago(k));
  }
}

class Wma implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly stream: WmaStream;
  private readonly read: PriceReader;

  constructor(period: number, source: PriceSource) {
    this.stream = new WmaStream(period);
    this.read = priceReader('wma', source);
    this.warmup = this.stream.warmup;
  }

  update(bar: BarView): void {
    this.value = this.stream.next(this.read(bar));
  }
}

/** WMA(period) of `source` (linear weights, newest heaviest); first defined at index period − 1. */
export function wma(period: number, source: PriceSource = 'close'): Indicator {
  return new Wma(period, source);
}
