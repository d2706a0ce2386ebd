// Tables with their row counts and sizes; tables the read-only role cannot read are listed
// (their size matters) but cannot be opened.
import type { TableInfo } from '../../../../daemon/src/db/table-browser';
import { formatBytes, formatNumber } from '../../ui/cell-text';

interface TableListProps {
  tables: TableInfo[];
  selected: string | undefined;
  onSelect: (qualifiedName: string) => void;
}

function rowsText(t: TableInfo): string {
  if (t.rows === null) return 'hidden';
  return `${t.exact ? '' : '≈ '}${formatNumber(t.rows)}`;
}

export function TableList({ tables, selected, onSelect }: TableListProps) {
  return (
    <section class="panel" aria-labelledby="tables-title">
      <h2 id="tables-title">Tables</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col" class="num">
                Rows
              </th>
              <th scope="col" class="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => {
              const name = `${t.schema}.${t.name}`;
              const shown = t.schema === 'public' ? t.name : name;
              return (
                <tr key={name} class={name === selected ? 'selected' : undefined}>
                  <td class="name-cell" title={name}>
                    {t.readable ? (
                      <button
                        type="button"
                        class="link"
                        onClick={() => onSelect(name)}
                        aria-current={name === selected ? 'true' : undefined}
                      >
                        {shown}
                      </button>
                    ) : (
                      <span
                        class="muted"
                        title="holds secrets or internal state: not readable from the console"
                      >
                        {shown} 🔒
                      </span>
                    )}
                  </td>
                  <td class="num">{rowsText(t)}</td>
                  <td class="num">{formatBytes(t.bytes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
