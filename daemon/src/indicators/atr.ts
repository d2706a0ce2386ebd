// Average True Range (Wilder). True range = max(high, prev close) − min(low, prev close), defined
// from index 1 (bar 0 has no previous close, so no true range). ATR(n) = SMMA(n) of the true
// range seeded with the SMA of TR[1..n], so first defined at index n.
import { SmmaStream } from './ema';
import type { BarView, Indicator } from './indicator';
import { checkPeriod } from './parameter-checks';

/** Tracks the previous close and yields each bar's true range (NaN on the first bar). */
export class TrueRange {
  value = NaN;
  private previousClose = NaN;

  update(bar: BarView): number {
    const pc = this.previousClose;
    this.previousClose = bar.close;
    if (pc !== pc) return (this.value = NaN);
    const high = bar.high > pc ? bar.high : pc;
    const low = bar.low < pc ? bar.low : pc;
    return (this.value = high - low);
  }
}

export class Atr implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly trueRange = new TrueRange();
  private readonly average: SmmaStream;

  constructor(period: number) {
    this.average = new SmmaStream(checkPeriod('atr', 'period', period), 'atr');
    this.warmup = period;
  }

  update(bar: BarView): void {
    // The smoother skips the NaN true range of bar 0, so its seed is the SMA of TR[1..n].
    this.value = this.average.next(this.trueRange.update(bar));
  }
}

/** ATR(period = 14); first defined at index period. */
export function atr(period = 14): Indicator {
  return new Atr(period);
}
