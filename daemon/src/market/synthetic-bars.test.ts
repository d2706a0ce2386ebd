import { describe, expect, it } from 'vitest';
import { istDayNumber } from '../core/calendar/civil-date';
import { nseCalendar } from '../core/calendar/trading-calendar';
import { istTime } from '../core/time';
import { nseTickSize } from './nse-tick-size';
import { checkQuality } from './quality-report';
import { checkSeries } from './series-check';
import { generateSyntheticBars } from './synthetic-bars';

describe('generateSyntheticBars', () => {
  const daily = generateSyntheticBars({
    symbol: 'DEMO',
    timeframe: '1d',
    bars: 500,
    startDate: '2025-01-01',
    seed: 7,
  });

  it('is reproducible from its seed and differs across seeds and symbols', () => {
    const again = generateSyntheticBars({
      symbol: 'DEMO',
      timeframe: '1d',
      bars: 500,
      startDate: '2025-01-01',
      seed: 7,
    });
    expect(Array.from(again.close)).toEqual(Array.from(daily.close));
    const other = generateSyntheticBars({
      symbol: 'DEMO',
      timeframe: '1d',
      bars: 500,
      startDate: '2025-01-01',
      seed: 8,
    });
    expect(other.close[100]).not.toBe(daily.close[100]);
  });

  it('puts daily bars on NSE sessions only, at IST midnight, starting at the first session', () => {
    expect(daily.length).toBe(500);
    expect(daily.time[0]).toBe(istTime('2025-01-01'));
    for (let i = 0; i < daily.length; i++)
      // 500 sessions run into 2027, past the listed years, where weekdays are assumed.
      expect(nseCalendar.status(istDayNumber(daily.time[i]!))).not.toBe('closed');
    const report = checkQuality(daily);
    expect(report.missingSessions.count).toBe(0);
    expect(report.barsOnClosedDays.count).toBe(0);
    // Budget Saturday 2025-02-01 is a session and gets a bar; Good Friday does not.
    const days = new Set(Array.from(daily.time, (t) => istDayNumber(t)));
    expect(days.has(istDayNumber(istTime('2025-02-01')))).toBe(true);
    expect(days.has(istDayNumber(istTime('2025-04-18')))).toBe(false);
  });

  it('produces valid bars on the tick grid for their price', () => {
    expect(() => checkSeries(daily)).not.toThrow();
    for (let i = 0; i < daily.length; i++) {
      const tick = nseTickSize(daily.open[i]!);
      expect(Math.abs(Math.round(daily.open[i]! / tick) * tick - daily.open[i]!)).toBeLessThan(1e-9);
      expect(daily.volume[i]).toBeGreaterThan(0);
    }
  });

  it('fills minute sessions from 09:15 and the Muhurat hour', () => {
    const minutes = generateSyntheticBars({
      symbol: 'M',
      timeframe: '1m',
      bars: 375 + 60,
      startDate: '2025-10-20',
      seed: 1,
    });
    expect(minutes.time[0]).toBe(istTime('2025-10-20', 9, 15));
    expect(minutes.time[374]).toBe(istTime('2025-10-20', 15, 29));
    expect(minutes.time[375]).toBe(istTime('2025-10-21', 13, 45));
    expect(minutes.time[434]).toBe(istTime('2025-10-21', 14, 44));
    expect(() => checkSeries(minutes)).not.toThrow();
  });

  it('rejects bad options by name', () => {
    expect(() =>
      generateSyntheticBars({ symbol: 'X', timeframe: '2d', bars: 1, startDate: '2025-01-01' }),
    ).toThrow(/timeframe/);
    expect(() =>
      generateSyntheticBars({ symbol: 'X', timeframe: '1d', bars: -1, startDate: '2025-01-01' }),
    ).toThrow(/bars: got -1/);
  });
});
