// The procedures, filterable by path, each with its type and minimum role.
import type { Outputs } from '../../api/client';

type ProcedureInfo = Outputs['system']['procedures'][number];

interface ProcedureListProps {
  procedures: ProcedureInfo[];
  filter: string;
  onFilter: (text: string) => void;
  selected: string | undefined;
  onSelect: (path: string) => void;
}

const TYPE_SHORT: Record<ProcedureInfo['type'], string> = { query: 'Q', mutation: 'M', subscription: 'S' };

export function ProcedureList({ procedures, filter, onFilter, selected, onSelect }: ProcedureListProps) {
  const shown = procedures.filter((p) => p.path.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section class="panel" aria-labelledby="procedures-title">
      <h2 id="procedures-title">Procedures ({shown.length})</h2>
      <div class="field">
        <label for="procedure-filter">
          Filter
          <input
            id="procedure-filter"
            type="search"
            value={filter}
            onInput={(e) => onFilter(e.currentTarget.value)}
          />
        </label>
      </div>
      <ul class="proc-list">
        {shown.map((p) => (
          <li key={p.path}>
            <button
              type="button"
              aria-pressed={p.path === selected}
              title={`${p.type}, needs ${p.role ?? 'no declared'} role`}
              onClick={() => onSelect(p.path)}
            >
              <code>{p.path}</code>
              <span class="muted">
                {TYPE_SHORT[p.type]} · {p.role}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
