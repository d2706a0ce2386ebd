// Donchian channel(n): upper = highest high and lower = lowest low of the last n bars, the current
// bar included; middle = (upper + lower)/2. All first defined at index n − 1; `value` = middle.
import type { BarView, Indicator, IndicatorOutput } from './indicator';
import { outputView } from './output-view';
import { checkPeriod } from './parameter-checks';
import { RollingMax, RollingMin } from './rolling-extreme';

export interface Donchian extends Indicator {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
  /**
   * The channel of the n bars before the current one (defined from index n). The current bar is
   * inside its own channel, so a breakout is `close > previousUpper`, never `close > upper`.
   */
  readonly previousUpper: number;
  readonly previousLower: number;
  readonly outputs: {
    readonly upper: IndicatorOutput;
    readonly middle: IndicatorOutput;
    readonly lower: IndicatorOutput;
    readonly previousUpper: IndicatorOutput;
    readonly previousLower: IndicatorOutput;
  };
}

class DonchianChannel implements Donchian {
  value = NaN;
  upper = NaN;
  lower = NaN;
  previousUpper = NaN;
  previousLower = NaN;
  readonly warmup: number;
  readonly outputs: Donchian['outputs'];
  private readonly highs: RollingMax;
  private readonly lows: RollingMin;

  constructor(period: number) {
    this.highs = new RollingMax(checkPeriod('donchian', 'period', period), 'donchian');
    this.lows = new RollingMin(period, 'donchian');
    this.warmup = period - 1;
    this.outputs = {
      upper: outputView(() => this.upper, this.warmup),
      middle: outputView(() => this.value, this.warmup),
      lower: outputView(() => this.lower, this.warmup),
      previousUpper: outputView(() => this.previousUpper, period),
      previousLower: outputView(() => this.previousLower, period),
    };
  }

  get middle(): number {
    return this.value;
  }

  update(bar: BarView): void {
    this.previousUpper = this.upper;
    this.previousLower = this.lower;
    this.upper = this.highs.next(bar.high);
    this.lower = this.lows.next(bar.low);
    this.value = (this.upper + this.lower) / 2;
  }
}

/** Donchian channel(period = 20); `value` is the middle line. */
export function donchian(period = 20): Donchian {
  return new DonchianChannel(period);
}

export interface PriorDonchian extends Indicator {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/**
 * The channel of the n bars before the current one, as an indicator of its own: its warm-up is n,
 * the first bar on which it is defined. A breakout strategy reads only this channel, so declaring
 * it (rather than donchian(n), warm-up n − 1) makes onBar start where the values it reads exist.
 */
class PriorChannel implements PriorDonchian {
  value = NaN;
  upper = NaN;
  lower = NaN;
  readonly warmup: number;
  private readonly channel: DonchianChannel;

  constructor(period: number) {
    this.channel = new DonchianChannel(period);
    this.warmup = period;
  }

  get middle(): number {
    return this.value;
  }

  update(bar: BarView): void {
    const c = this.channel;
    c.update(bar);
    this.upper = c.previousUpper;
    this.lower = c.previousLower;
    this.value = (this.upper + this.lower) / 2;
  }
}

/** Donchian channel(period = 20) of the bars before the current one; `value` is the middle line. */
export function priorDonchian(period = 20): PriorDonchian {
  return new PriorChannel(period);
}
