import { describe, expect, it } from 'vitest';
import { istTime } from '../time';
import { daysFromCivil, civilFromDays, formatDays, weekdayOfDays } from './civil-date';
import { bseCalendar, calendarFor, nseCalendar } from './trading-calendar';

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
// Closures across the years, including ones added after a year's circular and moved dates.
const EARLIER_CLOSURES: [string, RegExp][] = [
  ['2010-01-01', /New Year/],
  ['2011-12-06', /Muharram/],
  ['2012-11-14', /Balipratipada/],
  ['2013-11-15', /Muharram/], // moved from 14 Nov
  ['2014-04-24', /Lok Sabha/],
  ['2014-10-15', /assembly/],
  ['2016-10-12', /Muharram/],
  ['2017-04-14', /Good Friday/],
  ['2018-09-20', /Muharram/],
  ['2019-04-29', /Lok Sabha/],
  ['2019-10-21', /assembly/],
  ['2020-05-25', /Id-Ul-Fitr/],
  ['2021-08-19', /Muharram/],
  ['2022-10-26', /Balipratipada/],
  ['2023-06-29', /Bakri Id/], // moved from 28 Jun
  ['2024-01-22', /Ram Mandir/],
  ['2024-05-20', /Lok Sabha/],
  ['2024-11-20', /assembly/],
];
// Days one source or another calls closed that the exchanges traded (see the data's notes).
const DISPUTED_BUT_OPEN = [
  '2012-10-26',
  '2013-11-14',
  '2015-10-23',
  '2017-02-21',
  '2020-07-31',
  '2023-06-28',
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
    expect(nseCalendar.status(date)).toBe('closed');
    expect(nseCalendar.isTradingDay(date)).toBe(false);
    expect(nseCalendar.holidayName(date)).toBeTruthy();
  });

  it.each(EARLIER_CLOSURES)('is closed on %s (%s), on NSE and BSE', (date, name) => {
    for (const calendar of [nseCalendar, bseCalendar]) {
      expect(calendar.status(date)).toBe('closed');
      expect(calendar.holidayName(date)).toMatch(name);
    }
  });

  it.each(DISPUTED_BUT_OPEN)('traded on %s, which some sources list as a holiday', (date) => {
    expect(nseCalendar.status(date)).toBe('open');
    expect(nseCalendar.session(date)?.kind).toBe('regular');
  });

  it('is closed at weekends and open on ordinary weekdays 09:15–15:30 IST, in every year', () => {
    for (const [sat, sun, mon] of [
      ['2011-06-04', '2011-06-05', '2011-06-06'],
      ['2018-06-02', '2018-06-03', '2018-06-04'],
      ['2025-01-04', '2025-01-05', '2025-01-06'],
    ] as const) {
      expect(nseCalendar.status(sat)).toBe('closed');
      expect(nseCalendar.status(sun)).toBe('closed');
      const monday = nseCalendar.session(mon)!;
      expect(monday.kind).toBe('regular');
      expect([monday.open, monday.close]).toEqual([istTime(mon, 9, 15), istTime(mon, 15, 30)]);
    }
  });

  it('holds full sessions on the Budget and special weekends', () => {
    for (const date of ['2015-02-28', '2020-02-01', '2024-01-20', '2025-02-01', '2026-02-01']) {
      const s = nseCalendar.session(date)!;
      expect(s.kind).toBe('special');
      expect([s.open, s.close]).toEqual([istTime(date, 9, 15), istTime(date, 15, 30)]);
      expect(bseCalendar.session(date)?.kind).toBe('special');
    }
    expect(nseCalendar.session('2020-02-01')!.name).toMatch(/Budget/);
  });

  it('holds the Muhurat hour on each Diwali, a holiday, at that year’s time', () => {
    const hours: [string, number, number, number, number][] = [
      ['2011-10-26', 16, 45, 18, 0],
      ['2012-11-13', 15, 45, 17, 0],
      ['2016-10-30', 18, 30, 19, 30], // a Sunday
      ['2018-11-07', 17, 30, 18, 30],
      ['2020-11-14', 18, 15, 19, 15], // a Saturday
      ['2024-11-01', 18, 0, 19, 0],
      ['2025-10-21', 13, 45, 14, 45],
    ];
    for (const [date, oh, om, ch, cm] of hours) {
      const s = nseCalendar.session(date)!;
      expect(s.kind).toBe('muhurat');
      expect(nseCalendar.holidayName(date)).toMatch(/Diwali Laxmi Pujan/);
      expect([s.open, s.close]).toEqual([istTime(date, oh, om), istTime(date, ch, cm)]);
      expect(nseCalendar.sessionAt(istTime(date, 10, 0))).toBeUndefined();
    }
    expect(nseCalendar.status('2025-10-22')).toBe('closed');
    expect(nseCalendar.session('2026-11-08')!.provisional).toBe(true);
    expect(nseCalendar.session('2013-11-03')!.provisional).toBe(true); // hour not found in public sources
  });

  it('splits the disaster-recovery Saturdays of 2024 into two parts', () => {
    for (const date of ['2024-03-02', '2024-05-18']) {
      const s = nseCalendar.session(date)!;
      expect(s.kind).toBe('special');
      expect(nseCalendar.sessionAt(istTime(date, 9, 59))?.date).toBe(date);
      expect(nseCalendar.sessionAt(istTime(date, 10, 30))).toBeUndefined();
      expect(nseCalendar.sessionAt(istTime(date, 11, 30))?.date).toBe(date);
      expect(nseCalendar.sessionAt(istTime(date, 12, 30))).toBeUndefined();
    }
  });

  it('knows NSE halted on 24 Feb 2021 while BSE traded on, both until 17:00', () => {
    const at = (h: number, m: number) => istTime('2021-02-24', h, m);
    expect(nseCalendar.sessionAt(at(12, 0))).toBeUndefined();
    expect(nseCalendar.sessionAt(at(16, 0))?.date).toBe('2021-02-24');
    expect(bseCalendar.sessionAt(at(12, 0))?.date).toBe('2021-02-24');
    expect(bseCalendar.sessionAt(at(16, 59))?.date).toBe('2021-02-24');
    expect(bseCalendar.sessionAt(at(17, 0))).toBeUndefined();
  });

  it('counts 249 sessions in 2025 and 247 in 2026 (261 weekdays - holidays + special sessions)', () => {
    expect(nseCalendar.sessionsBetween('2025-01-01', '2025-12-31')).toHaveLength(261 - 14 + 1 + 1);
    expect(nseCalendar.sessionsBetween('2026-01-01', '2026-12-31')).toHaveLength(261 - 16 + 2);
    // 2024: 262 weekdays - 17 weekday closures + the Diwali Muhurat hour + 3 special Saturdays
    expect(nseCalendar.sessionsBetween('2024-01-01', '2024-12-31')).toHaveLength(262 - 17 + 1 + 3);
  });

  it('steps to the next and previous sessions across weekends and holidays', () => {
    expect(nseCalendar.nextSession('2025-04-17').date).toBe('2025-04-21'); // Good Friday + weekend
    expect(nseCalendar.previousSession('2025-04-14').date).toBe('2025-04-11');
    expect(nseCalendar.nextSession('2025-01-31').date).toBe('2025-02-01'); // Budget Saturday
    expect(nseCalendar.nextSession('2013-11-13').date).toBe('2013-11-14');
    expect(nseCalendar.nextSession('2013-11-14').date).toBe('2013-11-18');
  });

  it('finds the session containing an instant', () => {
    expect(nseCalendar.sessionAt(istTime('2025-01-06', 9, 15))?.date).toBe('2025-01-06');
    expect(nseCalendar.sessionAt(istTime('2025-01-06', 15, 30))).toBeUndefined();
    expect(nseCalendar.sessionAt(istTime('2025-01-06', 9, 14))).toBeUndefined();
    expect(nseCalendar.sessionAt(istTime('2025-10-21', 14, 0))?.kind).toBe('muhurat');
  });

  it('answers "unknown", not "open", outside the years it covers', () => {
    expect(nseCalendar.firstYear).toBe(2010);
    expect(nseCalendar.lastYear).toBe(2026);
    for (const date of ['2009-06-01', '2009-06-06', '2027-01-04']) {
      expect(nseCalendar.covers(date)).toBe(false);
      expect(nseCalendar.status(date)).toBe('unknown');
      expect(nseCalendar.session(date)).toBeUndefined();
      expect(nseCalendar.isTradingDay(date)).toBe(false);
    }
    expect(nseCalendar.sessionsBetween('2009-12-28', '2010-01-05').map((s) => s.date)).toEqual([
      '2010-01-04',
      '2010-01-05',
    ]);
    expect(() => nseCalendar.previousSession('2010-01-01')).toThrow(/covers 2010–2026/);
    expect(() => nseCalendar.nextSession('2026-12-31')).toThrow(/covers 2010–2026/);
    expect(() => nseCalendar.session('2025-02-30')).toThrow(
      /date: got "2025-02-30", expected a date YYYY-MM-DD/,
    );
  });

  it('assumes weekday sessions outside the covered years only when asked to', () => {
    const assumed = nseCalendar.assumingWeekdays();
    expect(assumed.session('2009-06-01')).toMatchObject({ kind: 'regular', assumed: true });
    expect(assumed.status('2009-06-06')).toBe('closed');
    expect(assumed.session('2025-10-22')).toBeUndefined();
    expect(assumed.sessionsBetween('2009-12-28', '2010-01-05').map((s) => s.date)).toEqual([
      '2009-12-28',
      '2009-12-29',
      '2009-12-30',
      '2009-12-31',
      '2010-01-04',
      '2010-01-05',
    ]);
  });

  it('picks the calendar by exchange', () => {
    expect(calendarFor('NSE')).toBe(nseCalendar);
    expect(calendarFor('BSE')).toBe(bseCalendar);
    expect(() => calendarFor('MCX')).toThrow(/exchange: got "MCX", expected NSE or BSE/);
  });
});
