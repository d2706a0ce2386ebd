import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../core/calendar/civil-date';
import { nseCalendar } from '../core/calendar/trading-calendar';
import { classifyDays } from './day-coverage';

const day = (d: string) => parseIsoDate(d);

describe('classifyDays', () => {
  it('tells stored, missing, closed and off-calendar days apart (daily bars)', () => {
    // 2025-02-26 (Wednesday) is Mahashivratri; 1–2 March a weekend.
    const counts = new Map([
      [day('2025-02-25'), 1],
      [day('2025-03-01'), 1],
    ]);
    const days = classifyDays(counts, day('2025-02-25'), day('2025-03-03'), nseCalendar, '1d');
    expect(days.map((d) => [d.date, d.status])).toEqual([
      ['2025-02-25', 'full'],
      ['2025-02-26', 'closed'],
      ['2025-02-27', 'missing'],
      ['2025-02-28', 'missing'],
      ['2025-03-01', 'closed_with_bars'],
      ['2025-03-02', 'closed'],
      ['2025-03-03', 'missing'],
    ]);
    expect(days[0]!.expected).toBeNull();
    // A year whose holidays the calendar does not list: an empty weekday is not called missing.
    expect(classifyDays(new Map(), day('2031-01-06'), day('2031-01-06'), nseCalendar, '1d')[0]!.status).toBe(
      'unknown',
    );
  });

  it('marks intraday days short of a full session as partial', () => {
    const counts = new Map([
      [day('2025-01-06'), 375],
      [day('2025-01-07'), 200],
    ]);
    const days = classifyDays(counts, day('2025-01-06'), day('2025-01-07'), nseCalendar, '1m');
    expect(days.map((d) => [d.status, d.expected])).toEqual([
      ['full', 375],
      ['partial', 375],
    ]);
  });
});
