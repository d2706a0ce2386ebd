// Where the warm-up history of a deployment starts: the start of the earliest of the last `bars`
// bars of a timeframe before `before`, laid on the trading calendar (intraday bars from each
// session's open, the last one cut at the close; a daily bar per session). The range a runner
// must have stored — and fetches when it is not — is [start, before). Pure.
import type { TradingCalendar, TradingSession } from '../../core/calendar/trading-calendar';
import { istDate, istMidnight } from '../../core/time';
import { parseTimeframe } from '../../core/timeframe';

/** The last session that opened before `before`. */
function lastSessionBefore(calendar: TradingCalendar, before: number): TradingSession {
  const today = calendar.sessionsBetween(istDate(before), istDate(before)).find((s) => s.open < before);
  return today ?? calendar.previousSession(istDate(before));
}

export function warmupWindowStart(
  calendar: TradingCalendar,
  timeframe: string,
  before: number,
  bars: number,
): number {
  const tf = parseTimeframe(timeframe);
  if (!tf) throw new Error(`not a timeframe: ${timeframe}`);
  if (bars <= 0) return before;
  let session = lastSessionBefore(calendar, before);
  let needed = bars;
  if (tf.daily) {
    // A session's daily bar is whole only once it has closed.
    if (session.close > before) session = calendar.previousSession(session.date);
    while (needed > 1) {
      session = calendar.previousSession(session.date);
      needed--;
    }
    return istMidnight(session.open);
  }
  const step = tf.seconds * 1000;
  for (;;) {
    const end = Math.min(before, session.close);
    const count = Math.ceil((end - session.open) / step);
    if (count >= needed) return session.open + (count - needed) * step;
    needed -= count;
    session = calendar.previousSession(session.date);
  }
}
