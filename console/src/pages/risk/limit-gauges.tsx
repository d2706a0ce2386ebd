// Gauges of how close an account is to its portfolio limits (limit-usage.ts does the arithmetic):
// a bar per limit with the figure, the limit and the share used; 80 % and more stands out.
import { formatNumber, formatRupeesCompact } from '../../ui/cell-text';
import type { Gauge } from './limit-usage';

function amount(g: Gauge, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return g.unit === 'money' ? formatRupeesCompact(value) : formatNumber(value);
}

function limitText(g: Gauge): string {
  if (g.limit !== undefined) {
    const written = typeof g.written === 'string' ? ` (${g.written} of capital)` : '';
    return `${amount(g, g.limit)}${written}`;
  }
  if (typeof g.written === 'string') return `${g.written} of capital (no funds figure)`;
  return 'not set';
}

export function LimitGauges({ gauges }: { gauges: Gauge[] }) {
  return (
    <ul class="gauges" aria-label="Limits in use">
      {gauges.map((g) => {
        const percent = g.ratio === undefined ? undefined : Math.round(g.ratio * 100);
        const label = `${g.label}: ${amount(g, g.used)} of ${limitText(g)}`;
        return (
          <li key={g.key} class={`gauge ${g.level}`} data-testid={`gauge-${g.key}`}>
            <div class="gauge-head">
              <span>{g.label}</span>
              <span class="muted">
                {g.off ? 'rule off' : percent === undefined ? 'unknown' : `${percent} %`}
              </span>
            </div>
            <div
              class="gauge-track"
              role="meter"
              aria-label={label}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent === undefined ? undefined : Math.min(percent, 100)}
              aria-valuetext={percent === undefined ? 'unknown' : `${percent} % of the limit`}
            >
              <div class="gauge-fill" style={{ width: `${Math.min(percent ?? 0, 100)}%` }} />
            </div>
            <div class="gauge-foot">
              <span>{amount(g, g.used)}</span>
              <span class="muted">limit {limitText(g)}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
