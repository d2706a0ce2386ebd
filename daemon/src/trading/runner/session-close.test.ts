import { describe, expect, it } from 'vitest';
import { nseCalendar } from '../../core/calendar/trading-calendar';
import { istTime } from '../../core/time';
import { sessionClosesBetween } from './session-close';

const between = (from: number, to: number) => sessionClosesBetween(nseCalendar, from, to);

describe('session closes', () => {
  it('is the session whose 15:30 close falls in (from, to]', () => {
    expect(between(istTime('2025-01-09', 15, 29), istTime('2025-01-09', 15, 30))).toEqual(['2025-01-09']);
    expect(between(istTime('2025-01-09', 15, 30), istTime('2025-01-09', 15, 31))).toEqual([]);
    expect(between(istTime('2025-01-09', 9, 15), istTime('2025-01-09', 15, 29, 59))).toEqual([]);
    expect(between(istTime('2025-01-09', 16), istTime('2025-01-09', 15))).toEqual([]);
  });

  it('skips weekends and holidays, and lists each close of a longer span', () => {
    // Friday's close to Monday morning: nothing more.
    expect(between(istTime('2025-01-10', 15, 31), istTime('2025-01-13', 9, 0))).toEqual([]);
    // 2025-02-26 (Mahashivratri) is an NSE holiday.
    expect(between(istTime('2025-02-25', 15, 31), istTime('2025-02-27', 16))).toEqual(['2025-02-27']);
    expect(between(istTime('2025-01-09', 0), istTime('2025-01-14', 0))).toEqual([
      '2025-01-09',
      '2025-01-10',
      '2025-01-13',
    ]);
  });
});
