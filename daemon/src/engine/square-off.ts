// When intraday positions must be closed. NSE brokers square intraday (MIS) positions off from
// 15:20 IST; Dhan does so automatically and charges for it, so strategies should exit earlier.
// This is the engine's one time-driven event (the clock phase, Engine.onTime): the live runner
// calls onTime on a timer at `next()`, the backtest drivers at every timestep's bar time.
import { DAY_MS, IST_OFFSET_MS, istMidnight, istMinuteOfDay } from '../core/time';

/** 15:20 IST as minutes since midnight. */
export const SQUARE_OFF_MINUTE = 15 * 60 + 20;

/**
 * Tracks the IST trading day of the whole account. Square-off is due once per day: at the first
 * time at or after 15:20 the engine is told of, or — when a day's data stops before 15:20 (a
 * backtest whose bars end early) — at the first time of the next day (nothing could be closed
 * earlier without a price to close at).
 */
export class SquareOffSchedule {
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

  /** The next square-off time strictly after `time`: 15:20 IST today, or tomorrow once past it. */
  next(time: number): number {
    const today = istMidnight(time) + SQUARE_OFF_MINUTE * 60_000;
    return time < today ? today : today + DAY_MS;
  }
}
