import { describe, expect, it } from 'vitest';
import { EMPTY_CURVE, MAX_POINTS, mergeMarks, withLive } from './pnl-history';

const mark = (at: string, dayPnl: string, netPnl = dayPnl) => ({ at, dayPnl, netPnl });

describe('mergeMarks', () => {
  it('starts from the stored marks and appends only newer ones', () => {
    let c = mergeMarks(EMPTY_CURVE, {
      day: '2026-01-05',
      marks: [mark('2026-01-05T03:46:00Z', '0'), mark('2026-01-05T03:47:00Z', '-10.50', '-12.00')],
    });
    expect(c).toEqual({
      day: '2026-01-05',
      times: [Date.parse('2026-01-05T03:46:00Z'), Date.parse('2026-01-05T03:47:00Z')],
      dayPnl: [0, -10.5],
      netPnl: [0, -12],
    });
    // A refetch that overlaps (the same mark again) adds nothing twice.
    c = mergeMarks(c, {
      day: '2026-01-05',
      marks: [mark('2026-01-05T03:47:00Z', '-10.50'), mark('2026-01-05T03:48:00Z', '5')],
    });
    expect(c.dayPnl).toEqual([0, -10.5, 5]);
    expect(mergeMarks(c, { day: null, marks: [] })).toBe(c);
  });

  it('replaces the curve with a new day’s marks, and keeps the latest points only', () => {
    const c = mergeMarks(EMPTY_CURVE, { day: '2026-01-05', marks: [mark('2026-01-05T04:00:00Z', '1')] });
    expect(mergeMarks(c, { day: '2026-01-06', marks: [mark('2026-01-06T03:46:00Z', '2')] })).toMatchObject({
      day: '2026-01-06',
      dayPnl: [2],
    });
    const start = Date.parse('2026-01-05T04:00:00Z');
    const many = Array.from({ length: MAX_POINTS + 1 }, (_, i) =>
      mark(new Date(start + i * 1000).toISOString(), String(i)),
    );
    const big = mergeMarks(EMPTY_CURVE, { day: '2026-01-05', marks: many });
    expect(big.times).toHaveLength(MAX_POINTS);
    expect(big.dayPnl[0]).toBe(1);
  });
});

describe('withLive', () => {
  const stored = mergeMarks(EMPTY_CURVE, { day: '2026-01-05', marks: [mark('2026-01-05T04:00:00Z', '1')] });
  it('adds the live figures as the last point when newer than the last mark', () => {
    const c = withLive(stored, { markedAt: '2026-01-05T04:00:30Z', dayPnl: '-3.25', netPnl: '-4' });
    expect(c.times.at(-1)).toBe(Date.parse('2026-01-05T04:00:30Z'));
    expect(c.dayPnl).toEqual([1, -3.25]);
    expect(c.netPnl).toEqual([1, -4]);
  });
  it('ignores live figures that are not newer, unknown, or of an earlier day', () => {
    expect(withLive(stored, { markedAt: '2026-01-05T04:00:00Z', dayPnl: '9', netPnl: '9' })).toBe(stored);
    expect(withLive(stored, { markedAt: null, dayPnl: '9', netPnl: '9' })).toBe(stored);
    expect(withLive(stored, undefined)).toBe(stored);
    expect(withLive(stored, { markedAt: '2026-01-04T09:00:00Z', dayPnl: '9', netPnl: '9' })).toBe(stored);
  });
  it('starts the next day from the live point (18:30 UTC is IST midnight)', () => {
    expect(withLive(stored, { markedAt: '2026-01-05T18:30:00Z', dayPnl: '2', netPnl: '2' })).toMatchObject({
      day: '2026-01-06',
      dayPnl: [2],
    });
    expect(
      withLive(EMPTY_CURVE, { markedAt: '2026-01-05T05:00:00Z', dayPnl: '2', netPnl: '1' }),
    ).toMatchObject({
      day: '2026-01-05',
      netPnl: [1],
    });
  });
});
