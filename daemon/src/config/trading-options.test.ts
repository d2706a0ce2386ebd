import { describe, expect, it } from 'vitest';
import { parseTradingClock } from './trading-options';

describe('parseTradingClock', () => {
  it('reads wall, or a simulated start with its speed and anchor', () => {
    expect(parseTradingClock('wall')).toBe('wall');
    expect(parseTradingClock('2025-01-09T09:15:00+05:30')).toEqual({ start: 1736394300000, speed: 1 });
    expect(parseTradingClock('1736394300000,60,1700000000000')).toEqual({
      start: 1736394300000,
      speed: 60,
      anchor: 1700000000000,
    });
    expect(parseTradingClock('2025-01-09T03:45:00Z, 2.5, 2026-12-07T22:00:00Z')).toEqual({
      start: 1736394300000,
      speed: 2.5,
      anchor: Date.parse('2026-12-07T22:00:00Z'),
    });
  });

  it('refuses a time without its offset, a bad speed, extra parts', () => {
    for (const bad of ['2025-01-09T09:15', 'soon', '1736394300000,0', '1736394300000,2000', '1,2,3,4', '1,x'])
      expect(parseTradingClock(bad), bad).toBeUndefined();
  });
});
