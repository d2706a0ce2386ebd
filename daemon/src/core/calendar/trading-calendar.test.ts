import { describe, expect, it } from 'vitest';
import { istTime } from '../time';
import { daysFromCivil, civilFromDays, formatDays, weekdayOfDays } from './civil-date';
import { nseCalendar } from './trading-calendar';

const HOLIDAYS_2025 = [
  '2025-02-26',
  '2025-03-14',
  '2025-03-31',
  '2025-04-10',
  '2025-04-14',
  '2025-04-18',
  '2025-05-01',
  '2025-08-15',
  '2025-08-27',
  '2025-10-02',
  '2025-10-22',
  '2025-11-05',
  '2025-12-25',
];
const HOLIDAYS_2026 = [
  '2026-01-15',
  '2026-01-26',
  '2026-03-03',
  '2026-03-26',
  '2026-03-31',
  '2026-04-03',
  '2026-04-14',
  '2026-05-01',
  '2026-05-28',
  '2026-06-26',
  '2026-09-14',
  '2026-10-02',
  '2026-10-20',
  '2026-11-10',
  '2026-11-24',
  '2026-12-25',
];

describe('civil dates', () => {
  it('round-trips day numbers and knows weekdays', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2025, 1, 6)).toBe(20094);
    expect(civilFromDays(20094)).toEqual({ year: 2025, month: 1, day: 6 });
    expect(formatDays(daysFromCivil(2024, 2, 29))).toBe('2024-02-29');
    expect(weekdayOfDays(daysFromCivil(2025, 1, 6))).toBe(1); // Monday
    for (let d = -1000; d < 30000; d += 37)
      expect(daysFromCivil(...(Object.values(civilFromDays(d)) as [number, number, number]))).toBe(d);
  });
});

describe('NSE calendar', () => {
  it.each([...HOLIDAYS_2025, ...HOLIDAYS_2026])('is closed on the holiday %s', (date) => {
    expect(nseCalendar.isTradingDay(date)).toBe(false);
    expect(nseCalendar.holidayName(date)).toBeTruthy();
  });

  it('is closed at weekends and open on ordinary weekdays 09:15–15:30 IST', () => {
    expect(nseCalendar.isTradingDay('2025-01-04')).toBe(false); // Saturday
    expect(nseCalendar.isTradingDay('2025-01-05')).toBe(false); // Sunday
    const monday = nseCalendar.session('2025-01-06')!;
    expect(monday.kind).toBe('regular');
    expect(monday.open).toBe(istTime('2025-01-06', 9, 15));
    expect(monday.close).toBe(istTime('2025-01-06', 15, 30));
  });

  it('holds full sessions on the Budget weekends (Sat 1 Feb 2025, Sun 1 Feb 2026)', () => {
    for (const date of ['2025-02-01', '2026-02-01']) {
      const s = nseCalendar.session(date)!;
      expect(s.kind).toBe('special');
      expect(s.name).toMatch(/Budget/);
      expect([s.open, s.close]).toEqual([istTime(date, 9, 15), istTime(date, 15, 30)]);
    }
  });

  it('holds the Muhurat hour on Diwali 2025 (a holiday) and a provisional one in 2026', () => {
    const muhurat = nseCalendar.session('2025-10-21')!;
    expect(nseCalendar.holidayName('2025-10-21')).toBe('Diwali Laxmi Pujan');
    expect(muhurat.kind).toBe('muhurat');
    expect([muhurat.open, muhurat.close]).toEqual([
      istTime('2025-10-21', 13, 45),
      istTime('2025-10-21', 14, 45),
    ]);
    expect(nseCalendar.isTradingDay('2025-10-22')).toBe(false);
    const m2026 = nseCalendar.session('2026-11-08')!;
    expect(m2026.kind).toBe('muhurat');
    expect(m2026.provisional).toBe(true);
  });

  it('counts 249 sessions in 2025 and 247 in 2026 (261 weekdays - holidays + special sessions)', () => {
    expect(nseCalendar.sessionsBetween('2025-01-01', '2025-12-31')).toHaveLength(261 - 14 + 1 + 1);
    expect(nseCalendar.sessionsBetween('2026-01-01', '2026-12-31')).toHaveLength(261 - 16 + 2);
  });

  it('steps to the next and previous sessions across weekends and holidays', () => {
    expect(nseCalendar.nextSession('2025-04-17').date).toBe('2025-04-21'); // Good Friday + weekend
    expect(nseCalendar.previousSession('2025-04-14').date).toBe('2025-04-11');
    expect(nseCalendar.nextSession('2025-01-31').date).toBe('2025-02-01'); // Budget Saturday
  });

  it('finds the session containing an instant', () => {
    expect(nseCalendar.sessionAt(istTime('2025-01-06', 9, 15))?.date).toBe('2025-01-06');
    expect(nseCalendar.sessionAt(istTime('2025-01-06', 15, 30))).toBeUndefined();
    expect(nseCalendar.sessionAt(istTime('2025-01-06', 9, 14))).toBeUndefined();
    expect(nseCalendar.sessionAt(istTime('2025-10-21', 14, 0))?.kind).toBe('muhurat');
  });

  it('knows which years it covers, assumes weekdays elsewhere and rejects bad dates', () => {
    expect(nseCalendar.covers('2025-06-02')).toBe(true);
    expect(nseCalendar.covers('2024-06-03')).toBe(false);
    expect(nseCalendar.isTradingDay('2024-06-03')).toBe(true);
    expect(() => nseCalendar.session('2025-02-30')).toThrow(
      /date: got "2025-02-30", expected a date YYYY-MM-DD/,
    );
  });
});
