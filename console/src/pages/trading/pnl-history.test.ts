import { describe, expect, it } from 'vitest';
import { appendPnl, MAX_POINTS, type PnlHistory } from './pnl-history';

const summary = (at: string, dayPnl: string, netPnl = dayPnl) => ({
  at,
  deployments: [{ deploymentId: 7, dayPnl, netPnl }],
});

describe('appendPnl', () => {
  it('adds a point per summary and deployment', () => {
    let h: PnlHistory = new Map();
    h = appendPnl(h, summary('2026-01-05T04:00:00Z', '-10.50', '-12.00'));
    h = appendPnl(h, summary('2026-01-05T04:00:05Z', '20.25', '18.00'));
    expect(h.get(7)).toEqual({
      day: '2026-01-05',
      times: [Date.parse('2026-01-05T04:00:00Z'), Date.parse('2026-01-05T04:00:05Z')],
      dayPnl: [-10.5, 20.25],
      netPnl: [-12, 18],
    });
  });

  it('starts a new curve on a new IST day (18:30 UTC is IST midnight)', () => {
    let h: PnlHistory = new Map();
    h = appendPnl(h, summary('2026-01-05T18:29:59Z', '1'));
    h = appendPnl(h, summary('2026-01-05T18:30:00Z', '2'));
    expect(h.get(7)).toMatchObject({ day: '2026-01-06', dayPnl: [2] });
  });

  it('keeps the latest points only, and ignores a summary without a time', () => {
    let h: PnlHistory = new Map();
    const start = Date.parse('2026-01-05T04:00:00Z');
    for (let i = 0; i <= MAX_POINTS; i++)
      h = appendPnl(h, summary(new Date(start + i * 1000).toISOString(), String(i)));
    expect(h.get(7)!.times).toHaveLength(MAX_POINTS);
    expect(h.get(7)!.dayPnl[0]).toBe(1);
    expect(appendPnl(h, summary('nope', '1'))).toBe(h);
  });
});
