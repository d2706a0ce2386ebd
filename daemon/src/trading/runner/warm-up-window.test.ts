import { describe, expect, it } from 'vitest';
import { nseCalendar } from '../../core/calendar/trading-calendar';
import { istMidnight, istTime } from '../../core/time';
import { warmupWindowStart } from './warm-up-window';

describe('warmupWindowStart', () => {
  it('counts intraday bars back inside the session, then into earlier sessions (weekends skipped)', () => {
    // Thu 9 Jan 2025 09:25: two 1m bars today (09:15, 09:16 … 09:24 is ten).
    expect(warmupWindowStart(nseCalendar, '1m', istTime('2025-01-09', 9, 25), 10)).toBe(
      istTime('2025-01-09', 9, 15),
    );
    expect(warmupWindowStart(nseCalendar, '1m', istTime('2025-01-09', 9, 25), 12)).toBe(
      istTime('2025-01-08', 15, 28),
    );
    // Mon 6 Jan 09:15 sharp: nothing today; Friday 3 Jan's last 15m bar is 15:15–15:30.
    expect(warmupWindowStart(nseCalendar, '15m', istTime('2025-01-06', 9, 15), 1)).toBe(
      istTime('2025-01-03', 15, 15),
    );
    // A whole session of 1h bars is seven (the last cut at the close).
    expect(warmupWindowStart(nseCalendar, '1h', istTime('2025-01-09', 9, 15), 8)).toBe(
      istTime('2025-01-07', 15, 15),
    );
  });

  it('counts closed sessions for daily bars', () => {
    expect(warmupWindowStart(nseCalendar, '1d', istTime('2025-01-09', 12, 0), 1)).toBe(
      istMidnight(istTime('2025-01-08', 12, 0)),
    );
    expect(warmupWindowStart(nseCalendar, '1d', istTime('2025-01-09', 16, 0), 1)).toBe(
      istMidnight(istTime('2025-01-09', 12, 0)),
    );
    expect(warmupWindowStart(nseCalendar, '1d', istTime('2025-01-06', 12, 0), 2)).toBe(
      istMidnight(istTime('2025-01-02', 12, 0)),
    );
  });
});
