// Williams %R(n) = −100·(highest high − close)/(highest high − lowest low) over the last n bars
// including the current one; first defined at index n − 1; −50 when the range is 0.
import type { BarView, Indicator } from './indicator';
import { checkPeriod } from './parameter-checks';
import { RollingMax, RollingMin } from './rolling-extreme';
import { rangePosition } from './stochastic';

class WilliamsR implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly highs: RollingMax;
  private readonly lows: RollingMin;

  constructor(period: number) {
    this.highs = new RollingMax(checkPeriod('williamsR', 'period', period), 'williamsR');
    this.lows = new RollingMin(period, 'williamsR');
    this.warmup = period - 1;
  }

  update(bar: BarView): void {
    const high = this.highs.next(bar.high);
    const low = this.lows.next(bar.low);
    // −100·(HH − C)/(HH − LL) = position of C in the range, minus 100.
    if (high === high) this.value = rangePosition(bar.close, high, low, 50) - 100;
  }
}

/** Williams %R(period = 14), in [−100, 0]. */
export function williamsR(period = 14): Indicator {
  return new WilliamsR(period);
}
