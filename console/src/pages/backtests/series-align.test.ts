import { describe, expect, it } from 'vitest';
import { alignCurves, tradeMarkers } from './series-align';

describe('alignCurves', () => {
  it('puts curves on the union of their times as percent returns', () => {
    const aligned = alignCurves([
      { label: 'a', times: [1000, 2000, 3000], values: [100, 110, 99] },
      { label: 'b', times: [2000, 4000], values: [50, 75] },
    ]);
    expect(aligned.times).toEqual([1, 2, 3, 4]);
    expect(aligned.series[0]).toEqual([0, expect.closeTo(10), expect.closeTo(-1), null]);
    expect(aligned.series[1]).toEqual([null, 0, null, 50]);
  });
});

describe('tradeMarkers', () => {
  it('marks buys and sells at the bars of entries and exits', () => {
    const times = [10, 20, 30, 40, 50];
    const { buys, sells } = tradeMarkers(times, [
      { side: 'long', entryTime: 20, entryPrice: 101, exitTime: 40, exitPrice: 105 },
      { side: 'short', entryTime: 45, entryPrice: 107, exitTime: 50, exitPrice: 103 },
    ]);
    expect(buys).toEqual([null, 101, null, null, 103]);
    expect(sells).toEqual([null, null, null, 105, 107]);
  });
});
