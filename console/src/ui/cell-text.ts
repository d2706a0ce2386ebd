// How a database or API value reads in a table cell.
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const number = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

/** Indian digit grouping (12,34,567.89): the console's users read lakhs and crores. */
export function formatNumber(value: number): string {
  return number.format(value);
}
