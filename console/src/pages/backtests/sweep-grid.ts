// Lays a two-parameter sweep's ranked children out as a heatmap grid: the first parameter
// across, the second down, each cell the child's ranked statistic.

export interface SweepChild {
  backtestId: number;
  status: string;
  /** {role: 'grid', point, values: {param: value, …}} */
  plan: Record<string, unknown>;
  value?: unknown;
}

export interface SweepGrid {
  xName: string;
  yName: string;
  xs: (string | number)[];
  ys: (string | number)[];
  cells: (number | null)[][];
  /** Backtest id per cell, to open a run from its cell. */
  ids: (number | null)[][];
}

function valuesOf(child: SweepChild): Record<string, unknown> {
  const values = child.plan.values;
  return values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
}

function sorted(values: Set<unknown>): (string | number)[] {
  const list = [...values].map((v) => (typeof v === 'number' ? v : String(v)));
  return list.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
}

/**
 * The grid of a sweep over exactly two parameters, or undefined for any other sweep (a
 * one-parameter sweep reads better as the ranking table alone).
 */
export function sweepGrid(children: SweepChild[]): SweepGrid | undefined {
  const names = [...new Set(children.flatMap((c) => Object.keys(valuesOf(c))))];
  if (names.length !== 2) return undefined;
  const [xName, yName] = names as [string, string];
  const xs = sorted(new Set(children.map((c) => valuesOf(c)[xName])));
  const ys = sorted(new Set(children.map((c) => valuesOf(c)[yName])));
  const key = (v: unknown) => (typeof v === 'number' ? v : String(v));
  const cells = ys.map(() => xs.map((): number | null => null));
  const ids = ys.map(() => xs.map((): number | null => null));
  for (const child of children) {
    const values = valuesOf(child);
    const xi = xs.indexOf(key(values[xName]));
    const yi = ys.indexOf(key(values[yName]));
    const value = typeof child.value === 'number' ? child.value : Number(child.value);
    ids[yi]![xi] = child.backtestId;
    cells[yi]![xi] = child.status === 'succeeded' && Number.isFinite(value) ? value : null;
  }
  return { xName, yName, xs, ys, cells, ids };
}
