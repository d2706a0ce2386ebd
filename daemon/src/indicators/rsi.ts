// Relative Strength Index (Wilder). From index 1: up = max(Δx, 0), down = max(−Δx, 0); each is
// averaged with SMMA(n) seeded by the SMA of indices 1..n, so RSI is first defined at index n.
// RSI = 100 − 100/(1 + up/down), and 100 when the down average is 0 (even when up is 0 too).
import { SmmaStream } from './ema';
import type { BarView, Indicator, PriceSource, ValueStream } from './indicator';
import { checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';

export class RsiStream implements ValueStream {
  readonly warmup: number;
  value = NaN;
  private readonly up: SmmaStream;
  private readonly down: SmmaStream;
  private previous = NaN;

  constructor(period: number) {
    checkPeriod('rsi', 'period', period);
    this.up = new SmmaStream(period, 'rsi');
    this.down = new SmmaStream(period, 'rsi');
    this.warmup = period;
  }

  next(x: number): number {
    if (x !== x) return this.value; // NaN is not a sample (see ValueStream)
    const previous = this.previous;
    this.previous = x;
    if (previous !== previous) return this.value; // index 0 has no change
    const change = x - previous;
    const up = this.up.next(change > 0 ? change : 0);
    const down = this.down.next(change < 0 ? -change : 0);
    if (up === up) this.value = down === 0 ? 100 : 100 - 100 / (1 + up / down);
    return this.value;
  }
}

class Rsi implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly stream: RsiStream;
  private readonly read: PriceReader;

  constructor(period: number, source: PriceSource) {
    this.stream = new RsiStream(period);
    this.read = priceReader('rsi', source);
    this.warmup = this.stream.warmup;
  }

  update(bar: BarView): void {
    this.value = this.stream.next(this.read(bar));
  }
}

/** RSI(period) of `source` (default 14, close); first defined at index period. */
export function rsi(period = 14, source: PriceSource = 'close'): Indicator {
  return new Rsi(period, source);
}
