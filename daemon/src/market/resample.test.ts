import { describe, expect, it } from 'vitest';
import { barSeriesFromBars, barAt, type Bar, type BarSeries } from '../core/bar';
import { istTime } from '../core/time';
import { downsampleBars } from './downsample';
import { resampleBars } from './resample';

function bar(
  date: string,
  h: number,
  m: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): Bar {
  return { time: istTime(date, h, m), open, high, low, close, volume };
}

function bars(series: BarSeries): Bar[] {
  return Array.from({ length: series.length }, (_, i) => barAt(series, i));
}

const D = '2025-01-06';
// Seven 1m bars of one morning; the hand-computed buckets are in each test.
const minute = barSeriesFromBars('TCS', '1m', [
  bar(D, 9, 15, 100, 101, 99, 100.5, 10),
  bar(D, 9, 16, 100.5, 102, 100, 101.5, 20),
  bar(D, 9, 17, 101.5, 101.5, 98, 99, 30),
  bar(D, 9, 19, 99, 100, 97.5, 99.5, 40),
  bar(D, 9, 20, 99.5, 103, 99.5, 102, 50),
  bar(D, 9, 24, 102, 102.5, 101, 101, 60),
  bar(D, 10, 15, 101, 104, 100.5, 103.5, 70),
]);

describe('resampleBars', () => {
  it('makes 5m bars aligned to 09:15', () => {
    expect(bars(resampleBars(minute, '5m'))).toEqual([
      bar(D, 9, 15, 100, 102, 97.5, 99.5, 100),
      bar(D, 9, 20, 99.5, 103, 99.5, 101, 110),
      bar(D, 10, 15, 101, 104, 100.5, 103.5, 70),
    ]);
  });

  it('makes 1h bars starting at 09:15 and 10:15, not on the clock hour', () => {
    const hourly = resampleBars(minute, '1h');
    expect(hourly.timeframe).toBe('1h');
    expect(bars(hourly)).toEqual([
      bar(D, 9, 15, 100, 103, 97.5, 101, 210),
      bar(D, 10, 15, 101, 104, 100.5, 103.5, 70),
    ]);
  });

  it('makes one 1d bar per trading date, stamped at IST midnight', () => {
    const twoDays = barSeriesFromBars('TCS', '1m', [
      ...bars(minute),
      bar('2025-01-07', 9, 15, 103, 105, 102, 104, 5),
      bar('2025-01-07', 15, 29, 104, 106, 101, 105, 6),
    ]);
    expect(bars(resampleBars(twoDays, '1d'))).toEqual([
      { time: istTime(D), open: 100, high: 104, low: 97.5, close: 103.5, volume: 280 },
      { time: istTime('2025-01-07'), open: 103, high: 106, low: 101, close: 105, volume: 11 },
    ]);
  });

  it('aligns to the Muhurat open (13:45) on Diwali 2025', () => {
    const M = '2025-10-21';
    const muhurat = barSeriesFromBars('TCS', '1m', [
      bar(M, 13, 45, 10, 11, 9, 10, 1),
      bar(M, 14, 14, 10, 12, 10, 11, 2),
      bar(M, 14, 15, 11, 11, 8, 9, 3),
    ]);
    expect(bars(resampleBars(muhurat, '30m'))).toEqual([
      bar(M, 13, 45, 10, 12, 9, 11, 3),
      bar(M, 14, 15, 11, 11, 8, 9, 3),
    ]);
  });

  it('goes from 5m to 15m and refuses timeframes that do not divide', () => {
    const five = resampleBars(minute, '5m');
    expect(bars(resampleBars(five, '15m'))[0]).toEqual(bar(D, 9, 15, 100, 103, 97.5, 101, 210));
    expect(() => resampleBars(five, '7m')).toThrow(
      /timeframe: got "7m", expected a multiple of the source timeframe 5m/,
    );
    expect(() => resampleBars(resampleBars(minute, '1d'), '5m')).toThrow(/daily bars cannot be split/);
  });
});

describe('downsampleBars', () => {
  it('merges runs of bars keeping the extremes', () => {
    const down = downsampleBars(minute, 3);
    expect(bars(down)).toEqual([
      bar(D, 9, 15, 100, 102, 98, 99, 60),
      bar(D, 9, 19, 99, 103, 97.5, 101, 150),
      bar(D, 10, 15, 101, 104, 100.5, 103.5, 70),
    ]);
    expect(downsampleBars(minute, 100)).toBe(minute);
    expect(() => downsampleBars(minute, 0)).toThrow(/maxPoints/);
  });
});
