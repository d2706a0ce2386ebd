// Rate of change ROC(n) = 100·(x[t] − x[t−n])/x[t−n], first defined at index n. Undefined (NaN)
// on a bar whose x[t−n] is 0, where the ratio has no meaning.
import type { BarView, Indicator, PriceSource } from './indicator';
import { checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';
import { RingBuffer } from './ring-buffer';

class Roc implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly window: RingBuffer;
  private readonly read: PriceReader;

  constructor(period: number, source: PriceSource) {
    this.window = new RingBuffer(checkPeriod('roc', 'period', period));
    this.read = priceReader('roc', source);
    this.warmup = period;
  }

  update(bar: BarView): void {
    const x = this.read(bar);
    const base = this.window.push(x); // the value n bars ago once the buffer is full
    if (base === base) this.value = base === 0 ? NaN : (100 * (x - base)) / base;
  }
}

/** ROC(period) of `source`, in percent. */
export function roc(period: number, source: PriceSource = 'close'): Indicator {
  return new Roc(period, source);
}
