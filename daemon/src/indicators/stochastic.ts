// Stochastic oscillator(k, smooth, d). raw %K = 100·(close − lowest low)/(highest high − lowest
// low) over the last k bars including the current one (defined from index k − 1; 50 when the
// range is 0, i.e. the close is both the high and the low — neither overbought nor oversold).
// %K = SMA(smooth) of raw %K, first defined at k + smooth − 2; %D = SMA(d) of %K, first defined
// at k + smooth + d − 3. `value` is %K.
import type { BarView, Indicator, IndicatorOutput } from './indicator';
import { outputView } from './output-view';
import { checkPeriod } from './parameter-checks';
import { RollingMax, RollingMin } from './rolling-extreme';
import { SmaStream } from './sma';

export interface Stochastic extends Indicator {
  readonly k: number;
  readonly d: number;
  readonly outputs: { readonly k: IndicatorOutput; readonly d: IndicatorOutput };
}

/** 100·(x − low)/(high − low), or `flat` when high = low. Shared with Williams %R. */
export function rangePosition(x: number, high: number, low: number, flat: number): number {
  const range = high - low;
  return range > 0 ? (100 * (x - low)) / range : flat;
}

class StochasticOscillator implements Stochastic {
  value = NaN;
  d = NaN;
  readonly warmup: number;
  readonly outputs: Stochastic['outputs'];
  private readonly highs: RollingMax;
  private readonly lows: RollingMin;
  private readonly smoothK: SmaStream;
  private readonly smoothD: SmaStream;

  constructor(k: number, smooth: number, d: number) {
    this.highs = new RollingMax(checkPeriod('stochastic', 'k', k), 'stochastic');
    this.lows = new RollingMin(k, 'stochastic');
    this.smoothK = new SmaStream(checkPeriod('stochastic', 'smooth', smooth), 'stochastic');
    this.smoothD = new SmaStream(checkPeriod('stochastic', 'd', d), 'stochastic');
    this.warmup = k + smooth - 2;
    this.outputs = {
      k: outputView(() => this.value, this.warmup),
      d: outputView(() => this.d, this.warmup + d - 1),
    };
  }

  get k(): number {
    return this.value;
  }

  update(bar: BarView): void {
    const high = this.highs.next(bar.high);
    const low = this.lows.next(bar.low);
    // Before the window fills, high/low are NaN, so raw is NaN and the SMAs skip it.
    const raw = high === high ? rangePosition(bar.close, high, low, 50) : NaN;
    const k = this.smoothK.next(raw);
    this.value = k;
    this.d = this.smoothD.next(k);
  }
}

/** Stochastic(k = 14, smooth = 3, d = 3); `value` = %K (smoothed), `d` = %D. */
export function stochastic(k = 14, smooth = 3, d = 3): Stochastic {
  return new StochasticOscillator(k, smooth, d);
}
