// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedTable } from './feed-table';
import { RateUsage } from './rate-usage';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const feed = {
  open: true,
  marketOpen: true,
  staleAfterSeconds: 30,
  packets: { quote: 120, ticker: 30 },
  reconnects: { feed: 2, orderUpdates: 0 },
  symbols: [
    { symbol: 'INFY', ageSeconds: 95.2, stale: true },
    { symbol: 'TCS', ageSeconds: 0.4, stale: false },
  ],
};

describe('FeedTable', () => {
  it('makes stale symbols stand out and says how many', () => {
    render(<FeedTable feed={feed} />, host);
    const rows = [...host.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.className)).toEqual(['stale', '']);
    expect(rows.map((r) => r.textContent)).toEqual(['INFY1 min 35 s agostale', 'TCS0.4 s agofresh']);
    expect(host.textContent).toContain('2 symbols, 1 stale');
    expect(host.textContent).toContain('feed 2 · order updates 0');
    expect(host.textContent).toContain('open: a symbol silent for 30 s is stale');
  });

  it('says when the feed is not open and the market closed', () => {
    render(<FeedTable feed={{ ...feed, open: false, marketOpen: false, symbols: [] }} />, host);
    expect(host.querySelector('table')).toBeNull();
    expect(host.textContent).toContain('not opened (no deployment has asked for ticks)');
    expect(host.textContent).toContain('closed: ages grow, nothing is marked stale');
  });
});

describe('RateUsage', () => {
  it('draws a gauge per window, graded, with a pause after a 429', () => {
    render(
      <RateUsage
        rates={[
          {
            category: 'orders',
            windows: [
              { window: 'second', used: 9, limit: 10 },
              { window: 'day', used: 7000, limit: 7000 },
            ],
            pausedUntil: '2026-01-05T04:00:01.000Z',
            slowedUntil: null,
          },
        ]}
      />,
      host,
    );
    const gauges = [...host.querySelectorAll('li')];
    expect(gauges.map((g) => g.className)).toEqual(['gauge warn', 'gauge bad']);
    expect(gauges[0]!.querySelector('[role=meter]')!.getAttribute('aria-label')).toBe(
      'orders per second: 9 of 10 requests',
    );
    expect(gauges[0]!.textContent).toContain('paused until 2026-01-05 09:30:01');
  });
});
