import { describe, expect, it } from 'vitest';
import type { Tick } from '../core/tick';
import { istTime } from '../core/time';
import { BarAggregator } from './bar-aggregator';

const DAY = '2025-01-06'; // a Monday, a regular NSE session
const t = (h: number, m: number, s = 0) => istTime(DAY, h, m, s);
const tick = (time: number, price: number, qty = 10, volume = 0, symbol = 'ACME'): Tick => ({
  instrument: { symbol, segment: 'NSE_EQ', securityId: '' },
  lastPrice: price,
  lastQty: qty,
  exchangeTime: time,
  receivedAt: time,
  volume,
});
const hhmm = (ms: number) => new Date(ms + 330 * 60_000).toISOString().slice(11, 16);
const brief = (bars: ReturnType<BarAggregator['advance']>) =>
  bars.map(
    (b) =>
      `${b.symbol} ${b.timeframe} ${hhmm(b.time)}-${hhmm(b.end)} ${b.open}/${b.high}/${b.low}/${b.close} v${b.volume}`,
  );

describe('bar aggregation', () => {
  it('builds 1m bars from ticks and emits each when its minute ends on the clock', () => {
    const agg = new BarAggregator({ timeframes: ['1m'] });
    agg.onTick(tick(t(9, 15, 1), 100));
    agg.onTick(tick(t(9, 15, 20), 102));
    agg.onTick(tick(t(9, 15, 40), 99));
    agg.onTick(tick(t(9, 15, 59), 101));
    expect(agg.advance(t(9, 15, 59))).toEqual([]);
    // A tick of the next minute does not emit the bar: the clock does.
    agg.onTick(tick(t(9, 16, 2), 103));
    expect(agg.advance(t(9, 15, 59) + 500)).toEqual([]);
    expect(brief(agg.advance(t(9, 16)))).toEqual(['ACME 1m 09:15-09:16 100/102/99/101 v40']);
    expect(brief(agg.advance(t(9, 17)))).toEqual(['ACME 1m 09:16-09:17 103/103/103/103 v10']);
  });

  it.each([
    ['3m', '09:20:30', '09:18-09:21'],
    ['5m', '09:24:59', '09:20-09:25'],
    ['15m', '09:59:59', '09:45-10:00'],
    ['15m', '10:00:00', '10:00-10:15'],
    ['30m', '15:20:00', '15:15-15:30'],
    ['1h', '15:29:59', '15:15-15:30'],
    ['1h', '09:15:00', '09:15-10:15'],
    ['1d', '12:00:00', '09:15-15:30'],
  ])(
    'lays %s intervals from the 09:15 open, the last cut at 15:30: a tick at %s is in %s',
    (tf, time, span) => {
      const [h, m, sec] = time.split(':').map(Number) as [number, number, number];
      const agg = new BarAggregator({ timeframes: [tf] });
      agg.onTick(tick(t(h, m, sec), 50));
      const [bar] = agg.advance(t(16, 0));
      expect(`${hhmm(bar!.time)}-${hhmm(bar!.end)}`).toBe(span);
    },
  );

  it('emits nothing for an interval without ticks', () => {
    const agg = new BarAggregator({ timeframes: ['1m'] });
    agg.onTick(tick(t(9, 15, 5), 100));
    agg.onTick(tick(t(9, 18, 5), 101));
    expect(brief(agg.advance(t(9, 19)))).toEqual([
      'ACME 1m 09:15-09:16 100/100/100/100 v10',
      'ACME 1m 09:18-09:19 101/101/101/101 v10',
    ]);
  });

  it("closes a silent symbol's bar on time and orders bars by end, symbol and timeframe", () => {
    const agg = new BarAggregator({ timeframes: ['1m', '5m'] });
    agg.onTick(tick(t(9, 19, 30), 10, 1, 0, 'ZED'));
    agg.onTick(tick(t(9, 19, 45), 20, 1, 0, 'ACME'));
    expect(agg.nextDue()).toBe(t(9, 20));
    expect(brief(agg.advance(t(9, 20)))).toEqual([
      'ACME 1m 09:19-09:20 20/20/20/20 v1',
      'ACME 5m 09:15-09:20 20/20/20/20 v1',
      'ZED 1m 09:19-09:20 10/10/10/10 v1',
      'ZED 5m 09:15-09:20 10/10/10/10 v1',
    ]);
    expect(agg.nextDue()).toBe(Infinity);
  });

  it('drops ticks for a bar already emitted, and ticks outside the session', () => {
    const agg = new BarAggregator({ timeframes: ['1m'] });
    expect(agg.onTick(tick(t(9, 10), 100))).toBe('outside'); // pre-open
    expect(agg.onTick(tick(t(15, 30), 100))).toBe('outside'); // the close is not in the session
    expect(agg.onTick(tick(istTime('2025-01-04', 10, 0), 100))).toBe('outside'); // a Saturday
    expect(agg.onTick(tick(t(9, 15, 30), 100))).toBe('accepted');
    agg.advance(t(9, 16));
    expect(agg.onTick(tick(t(9, 15, 50), 90))).toBe('late');
    expect(agg.onTick(tick(t(9, 16, 10), 101))).toBe('accepted');
    expect(agg.onTick(tick(t(9, 15, 55), 90))).toBe('late');
    expect(brief(agg.advance(t(9, 17)))).toEqual(['ACME 1m 09:16-09:17 101/101/101/101 v10']);
  });

  it('takes volume from the cumulative session volume when the feed gives it', () => {
    const agg = new BarAggregator({ timeframes: ['1m'] });
    agg.onTick(tick(t(9, 15, 1), 100, 5, 5_000)); // joined mid-stream: first tick counts its own qty
    agg.onTick(tick(t(9, 15, 30), 100, 7, 5_300));
    agg.onTick(tick(t(9, 16, 1), 100, 2, 5_450));
    agg.onTick(tick(t(9, 16, 2), 100, 2, 5_440)); // a stale cumulative figure adds nothing
    expect(agg.advance(t(9, 17)).map((b) => b.volume)).toEqual([305, 150]);
  });

  it("starts a new session's bars from the next open", () => {
    const agg = new BarAggregator({ timeframes: ['1h'] });
    agg.onTick(tick(t(15, 29), 100));
    agg.onTick(tick(istTime('2025-01-07', 9, 15, 1), 101));
    expect(brief(agg.advance(istTime('2025-01-07', 10, 15)))).toEqual([
      'ACME 1h 15:15-15:30 100/100/100/100 v10',
      'ACME 1h 09:15-10:15 101/101/101/101 v10',
    ]);
  });

  it('refuses a timeframe it cannot lay out, naming it', () => {
    expect(() => new BarAggregator({ timeframes: ['1m', 'weekly'] })).toThrow('timeframes[1]: got "weekly"');
  });
});
