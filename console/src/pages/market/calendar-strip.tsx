// Stored bars per day as a strip of squares, one column per week (Monday on top), coloured by
// what the exchange calendar expected: full, partial, missing, closed, bars on a closed day,
// unknown. Under it the gaps in words — screen readers and phones read that list, not colours.
import { formatNumber } from '../../ui/cell-text';

export type DayStatus = 'full' | 'partial' | 'missing' | 'closed' | 'closed_with_bars' | 'unknown';

export interface StripDay {
  date: string;
  bars: number;
  expected: number | null;
  status: DayStatus;
}

export const STATUS_TEXT: Record<DayStatus, string> = {
  full: 'bars stored',
  partial: 'fewer bars than a full session',
  missing: 'session with no bars',
  closed: 'exchange closed',
  closed_with_bars: 'bars on a closed day',
  unknown: 'no bars; holidays of that year unknown',
};

/** Runs of consecutive problem days (missing, partial, bars on closed days), for the text list. */
export function gapRuns(days: StripDay[]): { status: DayStatus; from: string; to: string; days: number }[] {
  const runs: { status: DayStatus; from: string; to: string; days: number }[] = [];
  let open: (typeof runs)[number] | undefined;
  for (const d of days) {
    if (d.status === 'closed' || d.status === 'full') {
      // A closed day does not break a run of missing sessions (a weekend inside a missing week).
      if (d.status === 'full') open = undefined;
      continue;
    }
    if (open && open.status === d.status) {
      open.to = d.date;
      open.days++;
    } else {
      open = { status: d.status, from: d.date, to: d.date, days: 1 };
      runs.push(open);
    }
  }
  return runs;
}

/** Monday = 0 … Sunday = 6 of an ISO date. */
function weekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function CalendarStrip({ days, label }: { days: StripDay[]; label: string }) {
  const lead = days.length ? weekday(days[0]!.date) : 0;
  const counts = new Map<DayStatus, number>();
  for (const d of days) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const runs = gapRuns(days);
  const summary = [...counts].map(([s, n]) => `${n} ${STATUS_TEXT[s]}`).join(', ');
  return (
    <div class="calendar">
      <div class="table-wrap">
        <div class="strip" role="img" aria-label={`${label}: ${summary}`}>
          {Array.from({ length: lead }, (_, i) => (
            <span key={`lead-${i}`} class="day blank" />
          ))}
          {days.map((d) => (
            <span
              key={d.date}
              class={`day ${d.status}`}
              data-date={d.date}
              title={`${d.date}: ${STATUS_TEXT[d.status]} (${formatNumber(d.bars)} bars${d.expected ? ` of ${d.expected}` : ''})`}
            />
          ))}
        </div>
      </div>
      <ul class="legend" aria-label="Legend">
        {(Object.keys(STATUS_TEXT) as DayStatus[]).map((s) => (
          <li key={s}>
            <span class={`day ${s}`} /> {STATUS_TEXT[s]} ({formatNumber(counts.get(s) ?? 0)})
          </li>
        ))}
      </ul>
      {runs.length === 0 ? (
        <p class="ok">No gaps: every session in the range has bars.</p>
      ) : (
        <details open={runs.length <= 12}>
          <summary>
            {runs.length} gap{runs.length === 1 ? '' : 's'}
          </summary>
          <ul class="gaps" data-testid="gap-list">
            {runs.slice(0, 200).map((r) => (
              <li key={r.from}>
                {r.from === r.to ? r.from : `${r.from} – ${r.to}`}: {STATUS_TEXT[r.status]}
                {r.days > 1 ? ` (${r.days} days)` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
