// Exponential averages. EMA(n): α = 2/(n+1), seeded with the SMA of the first n values (so first
// defined at index n − 1), then value = prev·(1−α) + x·α. SMMA(n) (Wilder's smoothing, used by
// RSI, ATR and ADX) is the same recursion with α = 1/n. The update is written in exactly that
// form (not prev + α·(x − prev)) because the two round differently and we match the definition.
import { CompensatedSum } from './compensated-sum';
import type { BarView, Indicator, PriceSource, ValueStream } from './indicator';
import { checkAlpha, checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';

export class EmaStream implements ValueStream {
  readonly period: number;
  readonly warmup: number;
  readonly alpha: number;
  value = NaN;
  private readonly keep: number;
  private readonly seed = new CompensatedSum();
  private count = 0;

  /** `alpha` defaults to 2/(period+1); SmmaStream passes 1/period. */
  constructor(period: number, alpha?: number, name = 'ema') {
    this.period = checkPeriod(name, 'period', period);
    this.alpha = checkAlpha(name, alpha ?? 2 / (period + 1));
    this.keep = 1 - this.alpha;
    this.warmup = period - 1;
  }

  next(x: number): number {
    if (x !== x) return this.value; // NaN is not a sample (see ValueStream)
    const count = ++this.count;
    if (count > this.period) {
      this.value = this.value * this.keep + x * this.alpha;
    } else {
      this.seed.add(x);
      if (count === this.period) this.value = this.seed.total() / this.period;
    }
    return this.value;
  }
}

/** Wilder's smoothed moving average: an EMA with α = 1/period, SMA-seeded. */
export class SmmaStream extends EmaStream {
  constructor(period: number, name = 'smma') {
    super(period, 1 / checkPeriod(name, 'period', period), name);
  }
}

class StreamOfSource implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly stream: EmaStream;
  private readonly read: PriceReader;

  constructor(stream: EmaStream, read: PriceReader) {
    this.stream = stream;
    this.read = read;
    this.warmup = stream.warmup;
  }

  update(bar: BarView): void {
    this.value = this.stream.next(this.read(bar));
  }
}

/** EMA(period) of `source`; first defined at index period − 1. */
export function ema(period: number, source: PriceSource = 'close'): Indicator {
  return new StreamOfSource(new EmaStream(period), priceReader('ema', source));
}

/** SMMA(period) (Wilder) of `source`; first defined at index period − 1. */
export function smma(period: number, source: PriceSource = 'close'): Indicator {
  return new StreamOfSource(new SmmaStream(period), priceReader('smma', source));
}
