// Run totals of transaction costs by component, accumulated in paise in place (no allocation per
// fill). Whole-paise charges sum exactly; a percentage commission's fractions of a paisa are kept
// (booked-amount.ts), so the totals equal the sum of the trades' costs.
import type { FillCosts } from '../core/fill';
import { bookedPaise } from './booked-amount';
import { breakdownFromPaise, type PaiseComponents } from '../costs/index';

export class CostTotals implements PaiseComponents {
  brokerage = 0;
  stt = 0;
  exchange = 0;
  sebi = 0;
  ipft = 0;
  stamp = 0;
  gst = 0;
  dp = 0;

  add(c: FillCosts): void {
    if (c.total === 0) return;
    this.brokerage += bookedPaise(c.brokerage);
    this.stt += bookedPaise(c.stt);
    this.exchange += bookedPaise(c.exchange);
    this.sebi += bookedPaise(c.sebi);
    this.ipft += bookedPaise(c.ipft);
    this.stamp += bookedPaise(c.stamp);
    this.gst += bookedPaise(c.gst);
    this.dp += bookedPaise(c.dp);
  }

  /** Rupee totals as booked; `total` is the sum of the components. */
  toBreakdown(): FillCosts {
    return breakdownFromPaise(this);
  }
}
