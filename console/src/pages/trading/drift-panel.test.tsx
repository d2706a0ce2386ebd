// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftResult } from './drift-panel';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const summary = {
  expectedSignals: 3,
  actualSignals: 3,
  expectedFills: 3,
  actualFills: 2,
  missing: 1,
  extra: 0,
  different: 0,
};

describe('DriftResult', () => {
  it('says a day without rows matched its backtest', () => {
    render(
      <DriftResult
        report={{
          deploymentId: 1,
          date: '2026-01-05',
          rows: [],
          summary: { ...summary, actualFills: 3, missing: 0 },
        }}
      />,
      host,
    );
    expect(host.querySelector('[role="status"]')!.textContent).toBe(
      '2026-01-05: matched its backtest — 3 signal(s) and 3 fill(s) stored; the backtest made 3 and 3, none missing, extra or different.',
    );
    expect(host.querySelector('table')).toBeNull();
  });

  it('lists each difference with both sides in IST', () => {
    render(
      <DriftResult
        report={{
          deploymentId: 1,
          date: '2026-01-05',
          summary,
          rows: [
            {
              kind: 'fill',
              difference: 'missing',
              symbol: 'TCS',
              side: 'buy',
              expected: { time: '2026-01-05T04:00:00.000Z', price: '3900.50', qty: 5 },
              actual: null,
              detail: 'the backtest filled; the ledger has no fill',
            },
          ],
        }}
      />,
      host,
    );
    expect(host.querySelector('[role="status"]')!.textContent).toContain('1 missing, 0 extra, 0 different');
    const cells = [...host.querySelectorAll('tbody td')].map((c) => c.textContent);
    expect(cells).toEqual([
      'fill',
      'missing',
      'TCS',
      'buy',
      '2026-01-05 09:30:00 5 @ 3900.50',
      '—',
      'the backtest filled; the ledger has no fill',
    ]);
  });
});
