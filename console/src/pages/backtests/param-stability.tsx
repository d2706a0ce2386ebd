// How steady the walk-forward's choices were: for each parameter, the value chosen in sample at
// every fold, drawn as steps over the folds, and counted in words (how often it changed). A
// parameter that jumps around from fold to fold is a sign of fitting noise.
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { AXIS, PALETTE, UplotChart } from '../../charts/uplot-chart';

export interface StabilityRow {
  name: string;
  /** The chosen value per fold, in fold order (null: no choice for that fold). */
  values: (number | string | null)[];
  changes: number;
  distinct: number;
}

export function stabilityOf(folds: { chosen: Record<string, unknown> | null }[]): StabilityRow[] {
  const names = [...new Set(folds.flatMap((f) => Object.keys(f.chosen ?? {})))].sort();
  return names.map((name) => {
    const values = folds.map((f) => {
      const v = f.chosen?.[name];
      return typeof v === 'number' || typeof v === 'string' ? v : null;
    });
    const present = values.filter((v) => v !== null);
    let changes = 0;
    for (let i = 1; i < present.length; i++) if (present[i] !== present[i - 1]) changes++;
    return { name, values, changes, distinct: new Set(present).size };
  });
}

function StabilityChart({ row, folds }: { row: StabilityRow; folds: number[] }) {
  const numeric = row.values.every((v) => v === null || typeof v === 'number');
  const data = useMemo<uPlot.AlignedData>(
    () => [folds, row.values.map((v) => (v === null ? null : Number(v)))],
    [row, folds],
  );
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false } },
      axes: [
        {
          ...AXIS,
          label: 'fold',
          values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')),
        },
        { ...AXIS, size: 50 },
      ],
      series: [
        { label: 'fold' },
        { label: row.name, stroke: PALETTE[2], width: 2, paths: undefined, points: { show: true, size: 7 } },
      ],
    }),
    [row.name],
  );
  if (!numeric) return null;
  return (
    <UplotChart
      options={options}
      data={data}
      height={120}
      label={`${row.name} chosen per fold: ${row.values.join(', ')}`}
    />
  );
}

export function ParamStability({
  folds,
}: {
  folds: { fold: number; chosen: Record<string, unknown> | null }[];
}) {
  const rows = stabilityOf(folds);
  // Folds are numbered from 1 on screen, as in the fold table.
  const numbers = folds.map((f) => f.fold + 1);
  if (rows.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="stability-title" data-testid="param-stability">
      <h2 id="stability-title">Parameter stability</h2>
      <div class="grid">
        {rows.map((r) => (
          <div key={r.name}>
            <h3>
              {r.name}{' '}
              <span
                class={`badge ${r.changes === 0 ? 'ok' : r.distinct > Math.ceil(r.values.length / 2) ? 'bad' : 'warn'}`}
              >
                {r.changes === 0 ? 'steady' : `changed ${r.changes}×, ${r.distinct} values`}
              </span>
            </h3>
            <p class="muted">{r.values.map((v) => (v === null ? '—' : String(v))).join(' → ')}</p>
            <StabilityChart row={r} folds={numbers} />
          </div>
        ))}
      </div>
    </section>
  );
}
