// On-balance volume: 0 at bar 0; then + volume when the close rises, − volume when it falls,
// unchanged when it is equal. Defined from index 0.
import { CompensatedSum } from './compensated-sum';
import type { BarView, Indicator } from './indicator';

class Obv implements Indicator {
  value = NaN;
  readonly warmup = 0;
  private readonly total = new CompensatedSum();
  private previousClose = NaN;

  update(bar: BarView): void {
    const pc = this.previousClose;
    this.previousClose = bar.close;
    if (bar.close > pc) this.total.add(bar.volume);
    else if (bar.close < pc) this.total.add(-bar.volume);
    this.value = this.total.total();
  }
}

export function obv(): Indicator {
  return new Obv();
}
