import { describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../../core/bar';
import { istTime } from '../../core/time';
import { BarAggregator } from '../../trading/bar-aggregator';
import type { FeedBar, SourceClock } from './feed-source';
import { createReplaySource, parseSpeed } from './replay-source';

function fakeClock(start = 0): SourceClock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(Math.round(ms));
      now += ms;
    },
  };
}

const minuteBars = (date: string, from: [number, number], n: number, base: number): Bar[] =>
  Array.from({ length: n }, (_, i) => {
    const open = base + i;
    return {
      time: istTime(date, from[0], from[1] + i),
      open,
      high: open + 2,
      low: open - 1.5,
      close: open + (i % 2 ? -1 : 1),
      volume: 100 + i,
    };
  });

const instrument = (symbol: string, bars: Bar[], timeframe = '1m') => ({
  symbol,
  segment: 'NSE_EQ' as const,
  series: barSeriesFromBars(symbol, timeframe, bars),
});

describe('replay of stored bars', () => {
  it('emits bars at their end in time order across symbols, then the time', async () => {
    const a = minuteBars('2025-01-06', [9, 15], 2, 100);
    const b = minuteBars('2025-01-06', [9, 16], 1, 200);
    const source = createReplaySource({
      instruments: [instrument('AAA', a), instrument('BBB', b)],
      timeframe: '1m',
      speed: 'max',
    });
    const calls: string[] = [];
    const hhmm = (ms: number) => new Date(ms + 330 * 60_000).toISOString().slice(11, 16);
    await source.run({
      onBar: (bar: FeedBar) => void calls.push(`bar ${bar.symbol} ${hhmm(bar.time)}-${hhmm(bar.end)}`),
      onTime: (time) => void calls.push(`time ${hhmm(time)}`),
    });
    expect(calls).toEqual([
      'bar AAA 09:15-09:16',
      'time 09:16',
      'bar AAA 09:16-09:17',
      'bar BBB 09:16-09:17',
      'time 09:17',
    ]);
    expect(source.bars).toBe(3);
  });

  it('plays a minute per second at speed 60, skips the night, and never waits at max', async () => {
    const bars = [
      ...minuteBars('2025-01-06', [15, 28], 2, 100),
      ...minuteBars('2025-01-07', [9, 15], 2, 100),
    ];
    const clock = fakeClock(1_000_000);
    await createReplaySource({
      instruments: [instrument('AAA', bars)],
      timeframe: '1m',
      speed: 60,
      clock,
    }).run({});
    // One second per bar end; the night between 15:30 and 09:16 counts as one bar.
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
    const fast = fakeClock();
    await createReplaySource({
      instruments: [instrument('AAA', bars)],
      timeframe: '1m',
      speed: 'max',
      clock: fast,
    }).run({});
    expect(fast.sleeps).toEqual([]);
  });

  it('ends the last bar of the session at the close', async () => {
    const bars = [{ time: istTime('2025-01-06', 15, 15), open: 1, high: 2, low: 1, close: 2, volume: 4 }];
    const ends: number[] = [];
    await createReplaySource({
      instruments: [instrument('AAA', bars, '1h')],
      timeframe: '1h',
      speed: 'max',
    }).run({
      onBar: (bar) => void ends.push(bar.end),
    });
    expect(ends).toEqual([istTime('2025-01-06', 15, 30)]);
  });

  it('as ticks, rebuilds exactly the stored bars through the bar aggregator', async () => {
    const bars = [...minuteBars('2025-01-06', [9, 15], 30, 100), ...minuteBars('2025-01-07', [9, 15], 5, 90)];
    const agg = new BarAggregator({ timeframes: ['1m'] });
    const rebuilt: Bar[] = [];
    await createReplaySource({
      instruments: [instrument('AAA', bars)],
      timeframe: '1m',
      speed: 'max',
      mode: 'ticks',
    }).run({
      onTick: (tick) => void agg.onTick(tick),
      onTime: (time) => {
        for (const b of agg.advance(time))
          rebuilt.push({
            time: b.time,
            open: b.open,
            high: b.high,
            low: b.low,
            close: b.close,
            volume: b.volume,
          });
      },
    });
    expect(rebuilt).toEqual(bars);
  });

  it('stops after the call in progress', async () => {
    const source = createReplaySource({
      instruments: [instrument('AAA', minuteBars('2025-01-06', [9, 15], 10, 100))],
      timeframe: '1m',
      speed: 'max',
    });
    let seen = 0;
    await source.run({
      onBar: () => {
        if (++seen === 3) source.stop();
      },
    });
    expect(seen).toBe(3);
  });

  it('names a bad speed or timeframe', () => {
    expect(parseSpeed('60')).toBe(60);
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('fast')).toBeUndefined();
    expect(() => createReplaySource({ instruments: [], timeframe: '1m', speed: 0 })).toThrow(/speed: got 0/);
    expect(() => createReplaySource({ instruments: [], timeframe: 'often', speed: 1 })).toThrow(
      /timeframe: got "often"/,
    );
  });
});
