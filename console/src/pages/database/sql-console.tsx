// The SQL console: one read statement at a time, read-only, as quanttrade_readonly (the daemon
// and PostgreSQL enforce it; this page only says so). Ctrl+Enter runs.
import { useState } from 'preact/hooks';
import type { SqlResult } from '../../../../daemon/src/db/sql-console';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { toCallError, type CallError } from '../../api/error-message';
import { DataTable } from '../../ui/data-table';
import { ErrorBox } from '../../ui/error-box';

type Mode = 'run' | 'plan';

/** The table named by PostgreSQL's refusal ("permission denied for table users"), if any. */
export function deniedTable(message: string): { schema: string; table: string } | undefined {
  const m = /permission denied for (?:table|relation|view) "?([\w$]+(?:\.[\w$]+)?)"?/i.exec(message);
  if (!m) return undefined;
  const [schema, table] = m[1]!.includes('.') ? m[1]!.split('.', 2) : ['public', m[1]!];
  return { schema: schema!, table: table! };
}

/** After a refusal on privileges: which columns of that table can be read, and which cannot. */
function ReadableColumns({ schema, table }: { schema: string; table: string }) {
  const columns = useApi(() => api.database.columns.query({ schema, table }), [schema, table]);
  if (!columns.data) return null;
  const { readable, hidden } = columns.data;
  return (
    <div class="hint" data-testid="readable-columns">
      <p>
        <strong>
          {schema}.{table}
        </strong>{' '}
        holds columns the console cannot read ({hidden.join(', ') || 'none'}). Readable:{' '}
        <code>{readable.map((c) => c.name).join(', ')}</code>
      </p>
      <p>
        For example:{' '}
        <code>
          SELECT{' '}
          {readable
            .slice(0, 4)
            .map((c) => c.name)
            .join(', ')}{' '}
          FROM {table}
        </code>
      </p>
    </div>
  );
}

export function SqlConsole() {
  const [sql, setSql] = useState('SELECT status, count(*) FROM backtests GROUP BY status');
  const [maxRows, setMaxRows] = useState(200);
  const [result, setResult] = useState<SqlResult>();
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  // Counts finished runs: tells a watcher (a person's screen reader, an end-to-end test) that
  // this outcome is new even when it reads the same as the last.
  const [runs, setRuns] = useState(0);

  const run = async (mode: Mode) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.database.sql.mutate({ sql, maxRows, explain: mode === 'run' ? undefined : mode }));
    } catch (err) {
      setResult(undefined);
      setError(toCallError(err));
    } finally {
      setBusy(false);
      setRuns((n) => n + 1);
    }
  };

  return (
    <section class="panel" aria-labelledby="sql-title">
      <h2 id="sql-title">SQL console</h2>
      <p class="hint">
        One read statement (SELECT, WITH, VALUES, TABLE, SHOW or EXPLAIN), in a READ ONLY transaction as{' '}
        <code>quanttrade_readonly</code>; 5 s timeout; rows up to 1 MiB, results up to 4 MiB; secrets are not
        readable. Ctrl+Enter runs.
      </p>
      <div class="field">
        <label for="sql-text">
          Statement
          <textarea
            id="sql-text"
            class="code"
            spellcheck={false}
            value={sql}
            onInput={(e) => setSql(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void run('run');
              }
            }}
          />
        </label>
      </div>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => run('run')}>
          Run
        </button>
        <button type="button" disabled={busy} onClick={() => run('plan')}>
          Explain
        </button>
        <label class="inline" for="sql-max-rows">
          Row cap
          <input
            id="sql-max-rows"
            type="number"
            min={1}
            max={1000}
            value={maxRows}
            onInput={(e) => setMaxRows(Number(e.currentTarget.value) || 1)}
            style={{ width: '6rem' }}
          />
        </label>
      </div>
      <div aria-live="polite" aria-busy={busy} data-testid="sql-outcome" data-runs={runs}>
        <ErrorBox error={error} />
        {error && deniedTable(error.message) && <ReadableColumns {...deniedTable(error.message)!} />}
        {result && (
          <>
            <p class="muted">
              {result.command} · {result.rowCount} row(s)
              {result.truncated
                ? ` (capped at ${result.rowCount}${result.truncatedBy === 'bytes' ? ': size limit' : ''})`
                : ''}{' '}
              · {result.ms} ms
            </p>
            {result.columns.length > 0 && (
              <DataTable columns={result.columns} rows={result.rows} caption="Result" />
            )}
          </>
        )}
      </div>
    </section>
  );
}
