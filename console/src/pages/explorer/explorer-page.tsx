// API explorer: every procedure the daemon serves (system.procedures), and a panel to call one.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { ProcedureCall } from './procedure-call';
import { ProcedureList } from './procedure-list';

export function ExplorerPage({ params }: { params: string[] }) {
  const procedures = useApi(() => api.system.procedures.query(), []);
  const [filter, setFilter] = useState('');
  const selectedPath = params[0];
  const selected = procedures.data?.find((p) => p.path === selectedPath);
  return (
    <>
      <h1>API explorer</h1>
      <ErrorBox error={procedures.error} />
      <div class="split">
        <ProcedureList
          procedures={procedures.data ?? []}
          filter={filter}
          onFilter={setFilter}
          selected={selectedPath}
          onSelect={(path) => navigate('explorer', path)}
        />
        {selected ? (
          <ProcedureCall key={selected.path} procedure={selected} />
        ) : (
          <p class="panel muted">Choose a procedure to see its input schema and call it.</p>
        )}
      </div>
    </>
  );
}
