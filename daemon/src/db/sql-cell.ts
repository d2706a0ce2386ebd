// Turns a value parsed by node-postgres into something JSON can carry to the console without
// surprises: dates as ISO strings, bytea as \x-hex, and long values cut so one fat row cannot
// make a response megabytes long.
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: unknown };

/** Characters kept of one text value; the console shows that it was cut. */
export const MAX_CELL_CHARS = 2_000;

function cut(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}… (${text.length} chars)` : text;
}

export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cut(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return cut(`\\x${value.toString('hex')}`);
  if (Array.isArray(value)) return value.map(toCell);
  // json/jsonb arrive as objects: keep them structured unless they are huge.
  const json = JSON.stringify(value);
  return json.length > MAX_CELL_CHARS ? cut(json) : (value as { [key: string]: unknown });
}
