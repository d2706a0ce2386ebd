// Highest and lowest value of a price over the last n bars, the current bar included; first
// defined at index n − 1.
import type { BarView, Indicator, PriceSource, ValueStream } from './indicator';
import { priceReader, type PriceReader } from './price-source';
import { RollingMax, RollingMin } from './rolling-extreme';

class Extreme implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly stream: ValueStream;
  private readonly read: PriceReader;

  constructor(stream: ValueStream, read: PriceReader) {
    this.stream = stream;
    this.read = read;
    this.warmup = stream.warmup;
  }

  update(bar: BarView): void {
    this.value = this.stream.next(this.read(bar));
  }
}

/** Highest `source` (default high) over `period` bars. */
export function highest(period: number, source: PriceSource = 'high'): Indicator {
  return new Extreme(new RollingMax(period, 'highest'), priceReader('highest', source));
}

/** Lowest `source` (default low) over `period` bars. */
export function lowest(period: number, source: PriceSource = 'low'): Indicator {
  return new Extreme(new RollingMin(period, 'lowest'), priceReader('lowest', source));
}
