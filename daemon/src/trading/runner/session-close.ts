// Which trading sessions closed in a span of time: the supervisor builds each held deployment's
// end-of-day report when its session closes (15:30 IST on an NSE trading day, special sessions
// at their own close), on the same clock as the venue's DAY-order expiry. Pure.
import type { TradingCalendar } from '../../core/calendar/trading-calendar';
import { istDate } from '../../core/time';

/** IST dates (YYYY-MM-DD) of the sessions whose close falls in (from, to], in order. */
export function sessionClosesBetween(calendar: TradingCalendar, from: number, to: number): string[] {
  if (!(to > from)) return [];
  return calendar
    .sessionsBetween(istDate(from), istDate(to))
    .filter((s) => s.close > from && s.close <= to)
    .map((s) => s.date);
}
