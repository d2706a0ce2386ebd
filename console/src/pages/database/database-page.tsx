// Database (admin only): tables with counts and sizes, a row browser, and the read-only SQL console.
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { RowBrowser } from './row-browser';
import { SqlConsole } from './sql-console';
import { TableList } from './table-list';

export function DatabasePage({ params }: { params: string[] }) {
  const tab = params[0] === 'sql' ? 'sql' : 'tables';
  const tables = useApi(() => api.database.tables.query(), []);
  const selected = tab === 'tables' ? params[1] : undefined;
  const [schema, table] = selected?.includes('.') ? selected.split('.', 2) : ['public', selected];
  return (
    <>
      <h1>Database</h1>
      <div class="tabs" role="tablist" aria-label="Database views">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'tables'}
          onClick={() => navigate('database', 'tables')}
        >
          Tables
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'sql'}
          onClick={() => navigate('database', 'sql')}
        >
          SQL console
        </button>
      </div>
      <ErrorBox error={tables.error} />
      {tab === 'sql' ? (
        <SqlConsole />
      ) : (
        <div class="split">
          <TableList
            tables={tables.data ?? []}
            selected={selected}
            onSelect={(name) => navigate('database', 'tables', name)}
          />
          {table ? (
            <RowBrowser key={`${schema}.${table}`} schema={schema!} table={table} />
          ) : (
            <p class="panel muted">Choose a table to browse its rows.</p>
          )}
        </div>
      )}
    </>
  );
}
