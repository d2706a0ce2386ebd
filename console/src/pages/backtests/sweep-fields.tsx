// The two axes of a parameter sweep: which parameter, and which values to try.
import type { FieldIssue } from '../../forms/schema-validate';
import { splitList, TextField } from '../../forms/text-field';

export interface SweepAxis {
  name: string;
  /** Comma-separated values as typed. */
  values: string;
}

/** The sweep's grid (numeric parameters only: that is what the daemon sweeps). */
export function sweepGrid(axes: SweepAxis[]): Record<string, number[]> {
  const grid: Record<string, number[]> = {};
  for (const axis of axes) if (axis.name) grid[axis.name] = splitList(axis.values).map(Number);
  return grid;
}

/** Each chosen axis needs distinct parameters and at least one number. */
export function checkAxes(axes: SweepAxis[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  axes.forEach((axis, i) => {
    if (!axis.name) {
      issues.push({
        path: `sweep.${i}`,
        message: `sweep parameter ${i + 1}: got nothing, expected a parameter name`,
      });
      return;
    }
    const values = splitList(axis.values);
    const bad = values.find((v) => !Number.isFinite(Number(v)));
    if (values.length === 0 || bad !== undefined) {
      const given = bad === undefined ? 'nothing' : JSON.stringify(bad);
      issues.push({
        path: `grid.${axis.name}`,
        message: `grid.${axis.name}: got ${given}, expected numbers separated by commas`,
      });
    }
  });
  if (axes[0]?.name && axes[0].name === axes[1]?.name) {
    issues.push({
      path: 'sweep.1',
      message: `sweep parameter 2: got "${axes[1].name}" again, expected a second, different parameter`,
    });
  }
  return issues;
}

interface SweepFieldsProps {
  params: string[];
  axes: [SweepAxis, SweepAxis];
  onAxes: (axes: [SweepAxis, SweepAxis]) => void;
  rankBy: string;
  rankOptions: string[];
  onRankBy: (rankBy: string) => void;
  issues: FieldIssue[];
}

export function SweepFields({
  params,
  axes,
  onAxes,
  rankBy,
  rankOptions,
  onRankBy,
  issues,
}: SweepFieldsProps) {
  const set = (i: 0 | 1, patch: Partial<SweepAxis>) => {
    const next: [SweepAxis, SweepAxis] = [...axes];
    next[i] = { ...next[i], ...patch };
    onAxes(next);
  };
  return (
    <fieldset class="field">
      <legend>Sweep</legend>
      {([0, 1] as const).map((i) => (
        <div key={i} class="row">
          <label for={`sweep-param-${i}`}>
            <span>{i === 0 ? 'Across (x)' : 'Down (y)'}</span>
            <select
              id={`sweep-param-${i}`}
              value={axes[i].name}
              onChange={(e) => set(i, { name: e.currentTarget.value })}
            >
              <option value="">—</option>
              {params.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            {issues
              .filter((issue) => issue.path === `sweep.${i}`)
              .map((issue) => (
                <span key={issue.path} class="field-error" role="alert">
                  {issue.message}
                </span>
              ))}
          </label>
          <TextField
            id={`sweep-values-${i}`}
            label="Values"
            placeholder="5, 10, 20"
            value={axes[i].values}
            onInput={(values) => set(i, { values })}
            path={`grid.${axes[i].name}`}
            issues={issues}
          />
        </div>
      ))}
      <label for="sweep-rank">
        <span>Rank by</span>
        <select id="sweep-rank" value={rankBy} onChange={(e) => onRankBy(e.currentTarget.value)}>
          {rankOptions.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
