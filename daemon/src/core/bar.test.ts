import { describe, expect, it } from 'vitest';
import { barAt, barSeriesFromBars, sliceSeries } from './bar';

const bars = [1, 2, 3, 4].map((i) => ({
  time: i * 60_000,
  open: i,
  high: i + 1,
  low: i - 1,
  close: i,
  volume: 10 * i,
}));

describe('sliceSeries', () => {
  it('is a view of bars start..end-1 on the same arrays', () => {
    const series = barSeriesFromBars('TCS', '1m', bars);
    const middle = sliceSeries(series, 1, 3);
    expect(middle).toMatchObject({ symbol: 'TCS', timeframe: '1m', length: 2 });
    expect([barAt(middle, 0), barAt(middle, 1)]).toEqual([bars[1], bars[2]]);
    for (const key of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
      expect(middle[key].buffer).toBe(series[key].buffer);
    series.close[1] = 99;
    expect(middle.close[0]).toBe(99);
  });

  it('gives an empty series for an empty range', () => {
    expect(sliceSeries(barSeriesFromBars('TCS', '1m', bars), 2, 2).length).toBe(0);
  });
});
