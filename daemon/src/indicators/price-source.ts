// Which number a single-series indicator reads from each bar. The composite sources follow the
// usual charting conventions: hl2 = (high + low)/2, hlc3 = typical price, ohlc4 = bar average.
import { validationError } from '../core/errors';
import type { BarView, Indicator, PriceSource } from './indicator';

export type PriceReader = (bar: BarView) => number;

const READERS: Record<PriceSource, PriceReader> = {
  open: (b) => b.open,
  high: (b) => b.high,
  low: (b) => b.low,
  close: (b) => b.close,
  volume: (b) => b.volume,
  hl2: (b) => (b.high + b.low) / 2,
  hlc3: (b) => (b.high + b.low + b.close) / 3,
  ohlc4: (b) => (b.open + b.high + b.low + b.close) / 4,
};

export const PRICE_SOURCES = Object.keys(READERS) as PriceSource[];

/** The reader for `source`; throws a validation error naming the indicator for an unknown one. */
export function priceReader(indicator: string, source: PriceSource): PriceReader {
  const reader = Object.hasOwn(READERS, source) ? READERS[source] : undefined;
  if (!reader) {
    throw validationError(
      [{ path: `${indicator}.source`, value: source, expected: `one of ${PRICE_SOURCES.join(', ')}` }],
      'indicator parameter',
    );
  }
  return reader;
}

class Price implements Indicator {
  value = NaN;
  readonly warmup = 0;
  private readonly read: PriceReader;

  constructor(source: PriceSource) {
    this.read = priceReader('price', source);
  }

  update(bar: BarView): void {
    this.value = this.read(bar);
  }
}

/** The bar's own price as an indicator (defined from bar 0), e.g. crossover(price(), sma(50)). */
export function price(source: PriceSource = 'close'): Indicator {
  return new Price(source);
}
