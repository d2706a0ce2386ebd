// A plain result table: column headers with their types, one row per record.
import { cellText, cellTextFor, isInstantType } from './cell-text';

export interface DataTableProps {
  columns: { name: string; type?: string }[];
  rows: unknown[][];
  caption: string;
  /** Columns holding numbers are right-aligned. */
  numericTypes?: string[];
}

const NUMERIC = [
  'int2',
  'int4',
  'int8',
  'integer',
  'bigint',
  'smallint',
  'numeric',
  'float4',
  'float8',
  'real',
  'double precision',
];

export function DataTable({ columns, rows, caption, numericTypes = NUMERIC }: DataTableProps) {
  const numeric = columns.map((c) => numericTypes.some((t) => c.type?.startsWith(t)));
  return (
    <div class="table-wrap">
      <table>
        <caption class="muted" style={{ textAlign: 'left', captionSide: 'bottom' }}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={numeric[i] ? 'num' : undefined} title={c.type}>
                {c.name}
                {isInstantType(c.type) && <span class="muted"> (IST)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) => (
                <td key={i} class={numeric[i] ? 'num' : undefined} title={cellText(value)}>
                  {cellTextFor(value, columns[i]?.type)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
