// Bollinger Bands(n, k): middle = SMA(n); σ = population standard deviation of the same window;
// upper/lower = middle ± k·σ. All first defined at index n − 1.
//
// A flat window (σ = 0) holds n copies of the current value, and its bands are that value. The
// SMA of them need not be: the window sum and the division by n each round, so ten 108.14s
// average to 108.14000000000001. Centring σ = 0 bands on that put the lower band above a close
// equal to the flat price and bought it; the true bands, and backtrader's (whose σ formula leaves
// rounding noise of ~1e-6 there), are not above it. The middle band stays the SMA.
import type { BarView, Indicator, IndicatorOutput, PriceSource } from './indicator';
import { outputView } from './output-view';
import { checkMultiplier, checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';
import { StdDevStream } from './stddev';

export interface Bollinger extends Indicator {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
  /** σ of the window. */
  readonly deviation: number;
  readonly outputs: {
    readonly upper: IndicatorOutput;
    readonly middle: IndicatorOutput;
    readonly lower: IndicatorOutput;
  };
}

class BollingerBands implements Bollinger {
  value = NaN;
  upper = NaN;
  lower = NaN;
  deviation = NaN;
  readonly warmup: number;
  readonly outputs: Bollinger['outputs'];
  private readonly k: number;
  private readonly stream: StdDevStream;
  private readonly read: PriceReader;

  constructor(period: number, k: number, source: PriceSource) {
    this.stream = new StdDevStream(checkPeriod('bollinger', 'period', period), 'bollinger');
    this.k = checkMultiplier('bollinger', 'k', k);
    this.read = priceReader('bollinger', source);
    this.warmup = period - 1;
    this.outputs = {
      upper: outputView(() => this.upper, this.warmup),
      middle: outputView(() => this.value, this.warmup),
      lower: outputView(() => this.lower, this.warmup),
    };
  }

  get middle(): number {
    return this.value;
  }

  update(bar: BarView): void {
    const x = this.read(bar);
    if (x !== x) return; // NaN is not a sample (see ValueStream): the bands stay as they were
    const sigma = this.stream.next(x);
    const middle = this.stream.mean;
    const centre = sigma === 0 ? x : middle;
    const width = this.k * sigma;
    this.value = middle;
    this.deviation = sigma;
    this.upper = centre + width;
    this.lower = centre - width;
  }
}

/** Bollinger Bands(period = 20, k = 2) of `source`; `value` is the middle band. */
export function bollinger(period = 20, k = 2, source: PriceSource = 'close'): Bollinger {
  return new BollingerBands(period, k, source);
}
