// When intraday positions must be closed. NSE brokers square intraday (MIS) positions off from
// 15:20 IST; Dhan does so automatically and charges for it, so strategies should exit earlier.
import { DAY_MS, IST_OFFSET_MS, istMinuteOfDay } from '../core/time';

/** 15:20 IST as minutes since midnight. */
export const SQUARE_OFF_MINUTE = 15 * 60 + 20;

/**
 * Tracks one symbol's IST trading day. Square-off is due once per day: at the first bar starting
 * at or after 15:20, or — when a day's data stops before 15:20 — at the first bar of the next day
 * (the position could not be closed earlier without a bar to close it on).
 */
export class SquareOffClock {
  private day = NaN;
  private squaredDay = NaN;

  due(time: number): boolean {
    const day = Math.floor((time + IST_OFFSET_MS) / DAY_MS);
    let due = false;
    if (day !== this.day) {
      due = this.day === this.day && this.squaredDay !== this.day;
      this.day = day;
    }
    if (this.squaredDay !== day && istMinuteOfDay(time) >= SQUARE_OFF_MINUTE) {
      this.squaredDay = day;
      return true;
    }
    return due;
  }
}
