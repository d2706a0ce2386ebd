// Run totals of transaction costs by component, accumulated in integer paise in place (no
// allocation per fill, no float noise however many fills are summed).
import type { FillCosts } from '../core/fill';
import { toPaise } from '../core/money';

export class CostTotals {
  private brokerage = 0;
  private stt = 0;
  private exchange = 0;
  private sebi = 0;
  private ipft = 0;
  private stamp = 0;
  private gst = 0;
  private dp = 0;

  add(c: FillCosts): void {
    if (c.total === 0) return;
    this.brokerage += toPaise(c.brokerage);
    this.stt += toPaise(c.stt);
    this.exchange += toPaise(c.exchange);
    this.sebi += toPaise(c.sebi);
    this.ipft += toPaise(c.ipft);
    this.stamp += toPaise(c.stamp);
    this.gst += toPaise(c.gst);
    this.dp += toPaise(c.dp);
  }

  /** Rupee totals, each exact to the paisa; `total` is the sum of the components. */
  toBreakdown(): FillCosts {
    const total =
      this.brokerage + this.stt + this.exchange + this.sebi + this.ipft + this.stamp + this.gst + this.dp;
    return {
      brokerage: this.brokerage / 100,
      stt: this.stt / 100,
      exchange: this.exchange / 100,
      sebi: this.sebi / 100,
      ipft: this.ipft / 100,
      stamp: this.stamp / 100,
      gst: this.gst / 100,
      dp: this.dp / 100,
      total: total / 100,
    };
  }
}
