// Simple moving average. SMA(n) = mean of the last n values, first defined at index n − 1.
// The window sum is compensated (compensated-sum.ts) so it does not drift over millions of bars.
import { CompensatedSum } from './compensated-sum';
import type { BarView, Indicator, PriceSource, ValueStream } from './indicator';
import { checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';
import { RingBuffer } from './ring-buffer';

export class SmaStream implements ValueStream {
  readonly period: number;
  readonly warmup: number;
  value = NaN;
  /** The sample that left the window on the latest `next` (NaN while filling) — for composites. */
  evicted = NaN;
  readonly window: RingBuffer;
  private readonly sum = new CompensatedSum();

  /** `name` labels parameter errors when the stream is part of another indicator. */
  constructor(period: number, name = 'sma') {
    this.period = checkPeriod(name, 'period', period);
    this.warmup = period - 1;
    this.window = new RingBuffer(period);
  }

  next(x: number): number {
    if (x !== x) return this.value; // NaN is not a sample (see ValueStream)
    const evicted = this.window.push(x);
    this.evicted = evicted;
    if (evicted === evicted) this.sum.add(-evicted);
    this.sum.add(x);
    if (this.window.size === this.period) this.value = this.sum.total() / this.period;
    return this.value;
  }
}

class Sma implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly stream: SmaStream;
  private readonly read: PriceReader;

  constructor(period: number, source: PriceSource) {
    this.stream = new SmaStream(period);
    this.read = priceReader('sma', source);
    this.warmup = this.stream.warmup;
  }

  update(bar: BarView): void {
    this.value = this.stream.next(this.read(bar));
  }
}

/** SMA(period) of `source`; first defined at index period − 1. */
export function sma(period: number, source: PriceSource = 'close'): Indicator {
  return new Sma(period, source);
}
