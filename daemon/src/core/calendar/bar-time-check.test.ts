import { describe, expect, it } from 'vitest';
import { istTime } from '../time';
import { parseTimeframe } from '../timeframe';
import { barTimeChecker } from './bar-time-check';
import { bseCalendar, nseCalendar } from './trading-calendar';

function check(timeframe: string, times: number[], calendar = nseCalendar): (string | undefined)[] {
  const checker = barTimeChecker(parseTimeframe(timeframe)!, calendar);
  return times.map((t) => checker.check(t)?.message);
}

const t = istTime;

describe('bar times against a timeframe and the exchange calendar', () => {
  it.each([
    ['1m', t('2025-01-06', 9, 15)],
    ['1m', t('2025-01-06', 15, 29)],
    ['1m', t('2025-10-21', 13, 45)], // Muhurat hour on a holiday
    ['1m', t('2024-03-02', 11, 30)], // second part of a disaster-recovery Saturday
    ['1m', t('2025-02-01', 10, 0)], // Budget Saturday
    ['5m', t('2025-01-06', 15, 25)],
    ['15m', t('2025-01-06', 9, 30)],
    ['1h', t('2025-01-06', 15, 15)], // the last, short hour
    ['1m', t('2013-11-03', 20, 0)], // provisional Muhurat hour: the window is not judged
    ['1m', t('2009-06-01', 11, 7)], // outside the listed years: grid and day hours only
    ['1d', t('2025-01-06')],
    ['1d', t('2025-01-06', 9, 15)],
    ['1d', t('2025-10-21')], // the Muhurat session makes a daily bar
    ['1d', t('2009-06-06')], // unknown year: not judged
  ])('accepts a %s bar at %s', (tf, time) => {
    expect(check(tf, [time])).toEqual([undefined]);
  });

  it.each([
    ['1m', t('2025-01-06', 15, 30), /2025-01-06 15:30 IST is outside NSE's session 09:15–15:30 IST/],
    ['1m', t('2025-01-06', 9, 0), /outside NSE's session/],
    ['1m', t('2025-01-06', 9, 15, 30), /09:15:30 IST is not on a 1m boundary/],
    ['1m', t('2025-01-06'), /00:00 IST is outside .*a daily bar\? .*1d/],
    ['1m', t('2025-01-04', 10, 0), /2025-01-04 is not an NSE trading day \(Saturday\)/],
    ['1m', t('2025-10-22', 10, 0), /not an NSE trading day \(Diwali Balipratipada\)/],
    ['1m', t('2025-10-21', 10, 0), /outside NSE's session 13:45–14:45 IST \(Muhurat trading\)/],
    ['1m', t('2024-03-02', 10, 30), /in the break 10:00–11:30 IST/],
    [
      '5m',
      t('2025-01-06', 9, 17),
      /09:17 IST is not on a 5m boundary \(bars start at 09:15 IST and every 5 minutes after\)/,
    ],
    ['1h', t('2025-01-06', 10, 0), /not on a 1h boundary/],
    ['1m', t('2009-06-01'), /outside the hours NSE bars can have/],
    ['1d', t('2025-01-04'), /2025-01-04 is not an NSE trading day \(Saturday\)/],
    ['1d', t('2026-01-15'), /Maharashtra municipal corporation elections/],
  ])('refuses a %s bar at %s', (tf, time, message) => {
    expect(check(tf, [time])[0]).toMatch(message);
  });

  it('refuses a second daily bar on one trading day', () => {
    const problems = check('1d', [t('2025-01-06', 9, 15), t('2025-01-06', 9, 16), t('2025-01-07')]);
    expect(problems[0]).toBeUndefined();
    expect(problems[1]).toMatch(/second bar on 2025-01-06: 1d bars are one per trading day/);
    expect(problems[2]).toBeUndefined();
  });

  it('uses the exchange’s own sessions (BSE traded through NSE’s halt on 24 Feb 2021)', () => {
    const noon = t('2021-02-24', 12, 0);
    expect(check('1m', [noon])[0]).toMatch(/in the break 11:40–15:45 IST/);
    expect(check('1m', [noon], bseCalendar)).toEqual([undefined]);
    expect(check('1m', [t('2021-02-24', 16, 59)], bseCalendar)).toEqual([undefined]);
  });
});
