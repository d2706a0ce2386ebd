// Average Directional Index (Wilder), ADX(n) with +DI and −DI. From index 1:
//   up = high − prev high, down = prev low − low
//   +DM = up if up > down and up > 0, else 0;  −DM = down if down > up and down > 0, else 0
//   TR = max(high, prev close) − min(low, prev close)
// TR, +DM and −DM are each smoothed with SMMA(n) seeded by the SMA of indices 1..n (Wilder's
// running sums divided by n — the ratios below are the same), so ±DI are first defined at n:
//   +DI = 100·SMMA(+DM)/SMMA(TR),  −DI = 100·SMMA(−DM)/SMMA(TR)   (0 when SMMA(TR) = 0)
//   DX = 100·|+DI − −DI|/(+DI + −DI)                               (0 when both are 0)
//   ADX = SMMA(n) of DX seeded by the SMA of its first n values, so first defined at 2n − 1.
import { SmmaStream } from './ema';
import type { BarView, Indicator, IndicatorOutput } from './indicator';
import { outputView } from './output-view';
import { checkPeriod } from './parameter-checks';

export interface Adx extends Indicator {
  readonly plusDI: number;
  readonly minusDI: number;
  readonly outputs: {
    readonly adx: IndicatorOutput;
    readonly plusDI: IndicatorOutput;
    readonly minusDI: IndicatorOutput;
  };
}

class DirectionalIndex implements Adx {
  value = NaN;
  plusDI = NaN;
  minusDI = NaN;
  readonly warmup: number;
  readonly outputs: Adx['outputs'];
  private readonly trueRange: SmmaStream;
  private readonly plusDM: SmmaStream;
  private readonly minusDM: SmmaStream;
  private readonly dx: SmmaStream;
  private previousHigh = NaN;
  private previousLow = NaN;
  private previousClose = NaN;

  constructor(period: number) {
    this.trueRange = new SmmaStream(checkPeriod('adx', 'period', period), 'adx');
    this.plusDM = new SmmaStream(period, 'adx');
    this.minusDM = new SmmaStream(period, 'adx');
    this.dx = new SmmaStream(period, 'adx');
    this.warmup = 2 * period - 1;
    this.outputs = {
      adx: outputView(() => this.value, this.warmup),
      plusDI: outputView(() => this.plusDI, period),
      minusDI: outputView(() => this.minusDI, period),
    };
  }

  update(bar: BarView): void {
    const { high, low } = bar;
    const ph = this.previousHigh;
    const pl = this.previousLow;
    const pc = this.previousClose;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = bar.close;
    if (pc !== pc) return; // bar 0: no movement yet
    const up = high - ph;
    const down = pl - low;
    const tr = (high > pc ? high : pc) - (low < pc ? low : pc);
    const str = this.trueRange.next(tr);
    const plus = this.plusDM.next(up > down && up > 0 ? up : 0);
    const minus = this.minusDM.next(down > up && down > 0 ? down : 0);
    if (str !== str) return;
    const plusDI = str > 0 ? (100 * plus) / str : 0;
    const minusDI = str > 0 ? (100 * minus) / str : 0;
    const sum = plusDI + minusDI;
    this.plusDI = plusDI;
    this.minusDI = minusDI;
    this.value = this.dx.next(sum > 0 ? (100 * Math.abs(plusDI - minusDI)) / sum : 0);
  }
}

/** ADX(period = 14); `value` = ADX (from 2·period − 1), `plusDI` / `minusDI` (from period). */
export function adx(period = 14): Adx {
  return new DirectionalIndex(period);
}
