// The account's use of Dhan's request limits, per category and window, as gauges (the same bars
// as the Risk page's), with a 429's pause and slow-down shown while they last.
import type { Outputs } from '../../api/client';
import { formatIstSeconds } from '../../ui/cell-text';

type Rates = NonNullable<Outputs['broker']['health']['rates']>;

const WINDOW = {
  second: 'per second',
  minute: 'per minute',
  hour: 'per hour',
  day: 'per day (IST)',
} as const;

export function RateUsage({ rates }: { rates: Rates }) {
  return (
    <ul class="gauges" aria-label="Rate-limit usage">
      {rates.flatMap((r) =>
        r.windows.map((w) => {
          const percent = Math.round((w.used / w.limit) * 100);
          const level = percent >= 100 ? 'bad' : percent >= 80 ? 'warn' : 'ok';
          const label = `${r.category} ${WINDOW[w.window]}`;
          return (
            <li
              key={`${r.category}-${w.window}`}
              class={`gauge ${level}`}
              data-testid={`rate-${r.category}-${w.window}`}
            >
              <div class="gauge-head">
                <span>{label}</span>
                <span class="muted">
                  {w.used} / {w.limit}
                </span>
              </div>
              <div
                class="gauge-track"
                role="meter"
                aria-label={`${label}: ${w.used} of ${w.limit} requests`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.min(percent, 100)}
              >
                <div class="gauge-fill" style={{ width: `${Math.min(percent, 100)}%` }} />
              </div>
              {w.window === 'second' && (r.pausedUntil || r.slowedUntil) && (
                <div class="gauge-foot warn">
                  {r.pausedUntil
                    ? `paused until ${formatIstSeconds(r.pausedUntil)}`
                    : `half rate until ${formatIstSeconds(r.slowedUntil!)}`}
                </div>
              )}
            </li>
          );
        }),
      )}
    </ul>
  );
}
