// SuperTrend(n, m), as TradingView's ta.supertrend defines it but on our ATR (first defined at
// index n, since bar 0 has no true range), so SuperTrend is first defined at index n.
//   basic upper/lower = (high + low)/2 ± m·ATR
//   final upper = basic upper if it is below the previous final upper or the previous close was
//                 above the previous final upper; otherwise the previous final upper
//   final lower = mirrored (above the previous final lower, or previous close below it)
//   direction: −1 (down) on the first defined bar; after a down bar it turns +1 when the close is
//              above the final upper; after an up bar it turns −1 when the close is below the
//              final lower. The line is the final lower band while up, the final upper while down.
import { Atr } from './atr';
import type { BarView, Indicator, IndicatorOutput } from './indicator';
import { outputView } from './output-view';
import { checkMultiplier, checkPeriod } from './parameter-checks';

export interface SuperTrend extends Indicator {
  /** +1 up-trend, −1 down-trend; NaN before warm-up. */
  readonly direction: number;
  readonly upperBand: number;
  readonly lowerBand: number;
  readonly outputs: { readonly direction: IndicatorOutput };
}

class SuperTrendLine implements SuperTrend {
  value = NaN;
  direction = NaN;
  upperBand = NaN;
  lowerBand = NaN;
  readonly warmup: number;
  readonly outputs: SuperTrend['outputs'];
  private readonly atr: Atr;
  private readonly multiplier: number;
  private previousClose = NaN;

  constructor(period: number, multiplier: number) {
    this.atr = new Atr(checkPeriod('supertrend', 'period', period));
    this.multiplier = checkMultiplier('supertrend', 'multiplier', multiplier);
    this.warmup = period;
    this.outputs = { direction: outputView(() => this.direction, period) };
  }

  update(bar: BarView): void {
    this.atr.update(bar);
    const pc = this.previousClose;
    this.previousClose = bar.close;
    const range = this.atr.value * this.multiplier;
    if (range !== range) return;
    const mid = (bar.high + bar.low) / 2;
    const basicUpper = mid + range;
    const basicLower = mid - range;
    const pu = this.upperBand;
    const pl = this.lowerBand;
    if (pu !== pu) {
      this.upperBand = basicUpper;
      this.lowerBand = basicLower;
      this.direction = -1;
    } else {
      this.upperBand = basicUpper < pu || pc > pu ? basicUpper : pu;
      this.lowerBand = basicLower > pl || pc < pl ? basicLower : pl;
      if (this.direction < 0) this.direction = bar.close > this.upperBand ? 1 : -1;
      else this.direction = bar.close < this.lowerBand ? -1 : 1;
    }
    this.value = this.direction > 0 ? this.lowerBand : this.upperBand;
  }
}

/** SuperTrend(period = 10, multiplier = 3); `value` is the trailing line, `direction` ±1. */
export function supertrend(period = 10, multiplier = 3): SuperTrend {
  return new SuperTrendLine(period, multiplier);
}
