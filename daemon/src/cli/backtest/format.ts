// Number formatting and plain-text tables for the terminal output of `quanttrade backtest`.

export function rupees(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function percent(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '—';
}

export function fixed(x: number, digits = 2): string {
  if (x === Infinity) return '∞';
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** Columns padded to their widest cell; `right` lists the right-aligned column indexes. */
export function table(rows: string[][], right: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `fast=10 slow=30` */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
