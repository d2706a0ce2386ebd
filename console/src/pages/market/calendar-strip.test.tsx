// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CalendarStrip, gapRuns, type StripDay } from './calendar-strip';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const d = (date: string, status: StripDay['status'], bars = status === 'full' ? 1 : 0): StripDay => ({
  date,
  bars,
  expected: null,
  status,
});

const days = [
  d('2025-02-28', 'full'), // Friday
  d('2025-03-01', 'closed'),
  d('2025-03-02', 'closed'),
  d('2025-03-03', 'missing'),
  d('2025-03-04', 'missing'),
  d('2025-03-05', 'full'),
  d('2025-03-06', 'closed_with_bars', 3),
];

describe('calendar strip', () => {
  it('joins consecutive problem days into runs, across closed days', () => {
    expect(gapRuns(days)).toEqual([
      { status: 'missing', from: '2025-03-03', to: '2025-03-04', days: 2 },
      { status: 'closed_with_bars', from: '2025-03-06', to: '2025-03-06', days: 1 },
    ]);
    expect(
      gapRuns([d('2025-03-03', 'missing'), d('2025-03-08', 'closed'), d('2025-03-10', 'missing')]),
    ).toEqual([{ status: 'missing', from: '2025-03-03', to: '2025-03-10', days: 2 }]);
  });

  it('lays days out by weekday, labels the picture and lists the gaps in words', () => {
    render(<CalendarStrip days={days} label="X 1d" />, host);
    const cells = [...host.querySelectorAll('.strip .day')];
    // Friday first: four blank cells for Monday to Thursday.
    expect(cells.slice(0, 5).map((c) => c.className)).toEqual([
      'day blank',
      'day blank',
      'day blank',
      'day blank',
      'day full',
    ]);
    expect(host.querySelector('.strip')!.getAttribute('aria-label')).toBe(
      'X 1d: 2 bars stored, 2 exchange closed, 2 session with no bars, 1 bars on a closed day',
    );
    expect(host.querySelector('[data-testid="gap-list"]')!.textContent).toBe(
      '2025-03-03 – 2025-03-04: session with no bars (2 days)2025-03-06: bars on a closed day',
    );
  });
});
