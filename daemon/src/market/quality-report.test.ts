import { describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../core/bar';
import { istTime } from '../core/time';
import { bseCalendar } from '../core/calendar/trading-calendar';
import { checkQuality } from './quality-report';

function day(date: string, close: number, extra: Partial<Bar> = {}): Bar {
  return { time: istTime(date), open: close, high: close + 1, low: close - 1, close, volume: 1000, ...extra };
}

describe('checkQuality', () => {
  it('counts each kind of problem and shows the first examples', () => {
    const bars = [
      day('2025-01-06', 100),
      day('2025-01-07', 101),
      // 2025-01-08 missing
      day('2025-01-09', 100.5, { high: 99 }), // high below open/close
      day('2025-01-10', 100, { volume: 0 }),
      day('2025-01-11', 100, { volume: 0 }), // Saturday: closed
      day('2025-01-13', 100, { volume: 0 }),
      day('2025-01-14', 150), // +50 %
      day('2025-01-15', 151, { low: -1 }),
      day('2025-01-16', 150.5),
      day('2025-01-17', 151),
    ];
    const report = checkQuality(barSeriesFromBars('Q', '1d', bars));
    expect(report.bars).toBe(10);
    expect(report.missingSessions).toEqual({ count: 1, examples: ['2025-01-08'] });
    expect(report.barsOnClosedDays).toEqual({ count: 1, examples: ['2025-01-11 (weekend)'] });
    expect(report.ohlcInconsistent).toEqual({
      count: 1,
      examples: ['2025-01-09 00:00 IST: o 100.5 h 99 l 99.5 c 100.5'],
    });
    expect(report.nonPositivePrices).toEqual({
      count: 1,
      examples: ['2025-01-15 00:00 IST: o 151 h 152 l -1 c 151'],
    });
    expect(report.zeroVolumeRuns).toEqual({ count: 1, examples: ['3 bars from 2025-01-10 00:00 IST'] });
    expect(report.outlierJumps).toEqual({ count: 1, examples: ['2025-01-14: close 100 → 150 (50.0%)'] });
    expect(report.duplicateTimestamps.count).toBe(0);
  });

  it('flags duplicates, holidays by name, and leaves uncovered years unjudged', () => {
    const bars = [day('2025-03-13', 10), day('2025-03-14', 10), day('2025-03-14', 10)];
    const report = checkQuality(barSeriesFromBars('Q', '1d', bars));
    expect(report.duplicateTimestamps.examples).toEqual(['2025-03-14 00:00 IST']);
    expect(report.barsOnClosedDays.examples).toEqual(['2025-03-14 (Holi)']);
    const old = checkQuality(barSeriesFromBars('Q', '1d', [day('2009-01-02', 10), day('2009-01-10', 10)]));
    expect(old.missingSessions.count).toBe(0);
    expect(old.barsOnClosedDays.count).toBe(0); // 10 Jan 2009 is a Saturday, but 2009 is not listed
    expect(old.uncoveredDays).toBe(2);
    // 2023 is listed now: the sessions between are judged.
    const listed = checkQuality(barSeriesFromBars('Q', '1d', [day('2023-01-02', 10), day('2023-01-10', 10)]));
    expect(listed.missingSessions.count).toBe(5);
    expect(listed.uncoveredDays).toBe(0);
  });

  it('finds daily rows stored as 1-minute bars, and bars off the grid or outside the session', () => {
    const daily = [day('2025-01-06', 100), day('2025-01-07', 101), day('2025-01-08', 102)];
    const asMinutes = checkQuality(barSeriesFromBars('Q', '1m', daily));
    expect(asMinutes.offTimeframe.count).toBe(3);
    expect(asMinutes.offTimeframe.examples[0]).toMatch(
      /2025-01-06 00:00 IST is outside NSE's session 09:15–15:30 IST; a daily bar\?/,
    );
    const minute = (h: number, m: number): Bar => ({
      ...day('2025-01-06', 100),
      time: istTime('2025-01-06', h, m),
    });
    const intraday = checkQuality(
      barSeriesFromBars('Q', '5m', [minute(9, 15), minute(9, 22), minute(15, 30)]),
    );
    expect(intraday.offTimeframe.count).toBe(2);
    expect(intraday.offTimeframe.examples[0]).toMatch(/09:22 IST is not on a 5m boundary/);
    // Two daily bars on one day at different times: a 1d series cannot hold them.
    const twice = [day('2025-01-06', 100), { ...day('2025-01-06', 100), time: istTime('2025-01-06', 9, 15) }];
    expect(checkQuality(barSeriesFromBars('Q', '1d', twice)).offTimeframe.count).toBe(1);
  });

  it('judges BSE bars against the BSE calendar', () => {
    const noon = { ...day('2021-02-24', 100), time: istTime('2021-02-24', 12, 0) };
    const series = barSeriesFromBars('Q', '1m', [noon]);
    expect(checkQuality(series).offTimeframe.count).toBe(1); // NSE was halted
    expect(checkQuality(series, { calendar: bseCalendar }).offTimeframe.count).toBe(0);
  });
});
