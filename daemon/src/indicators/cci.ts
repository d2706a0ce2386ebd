// Commodity Channel Index(n). TP = (high + low + close)/3; CCI = (TP − SMA(TP))/(0.015·MD), where
// MD = mean |TPᵢ − SMA(TP)| over the same n bars; first defined at index n − 1; 0 when MD = 0.
// MD depends on the current mean, so it is recomputed over the window: O(n) per bar, the one
// indicator here that is not O(1) (no allocation, though). Lambert's 0.015 scales ~70–80% of
// values into ±100.
import type { BarView, Indicator } from './indicator';
import { checkPeriod } from './parameter-checks';
import { SmaStream } from './sma';

class Cci implements Indicator {
  value = NaN;
  readonly warmup: number;
  private readonly mean: SmaStream;

  constructor(period: number) {
    this.mean = new SmaStream(checkPeriod('cci', 'period', period), 'cci');
    this.warmup = period - 1;
  }

  update(bar: BarView): void {
    const tp = (bar.high + bar.low + bar.close) / 3;
    const mean = this.mean.next(tp);
    if (mean !== mean) return;
    const window = this.mean.window;
    let deviation = 0;
    for (let i = 0; i < window.size; i++) deviation += Math.abs(window.at(i) - mean);
    const md = deviation / window.size;
    this.value = md > 0 ? (tp - mean) / (0.015 * md) : 0;
  }
}

/** CCI(period = 20). */
export function cci(period = 20): Indicator {
  return new Cci(period);
}
