// Strategies: the built-in templates, your strategies, and the editor for one of them.
import { api } from '../../api/client';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { StrategyEditor } from './strategy-editor';
import { StrategyList } from './strategy-list';
import { TemplateList } from './template-list';

export function StrategiesPage({ params }: { params: string[] }) {
  const session = useSession();
  const canEdit = hasRole(session, 'operator');
  const templates = useApi(() => api.strategies.templates.query(), []);
  const strategies = useApi(() => api.strategies.list.query({ limit: 100 }), []);
  const creating = params[0] === 'new' ? (params[1] ?? '') : undefined;
  const id = params[0] && params[0] !== 'new' ? Number(params[0]) : undefined;
  const strategy = useApi(() => (id ? api.strategies.get.query({ id }) : Promise.resolve(undefined)), [id]);
  const saved = (s: { id: number }) => {
    strategies.reload();
    if (s.id === id) strategy.reload();
    else navigate('strategies', s.id);
  };

  return (
    <>
      <h1>Strategies</h1>
      <ErrorBox error={templates.error ?? strategies.error ?? strategy.error} />
      <div class="split">
        <div>
          <TemplateList templates={templates.data ?? []} canCreate={canEdit} />
          <StrategyList strategies={strategies.data?.items ?? []} selected={id} />
        </div>
        {templates.data && canEdit && creating !== undefined && (
          <StrategyEditor
            key={`new-${creating}`}
            templates={templates.data}
            initialTemplate={creating}
            onSaved={saved}
          />
        )}
        {templates.data && canEdit && strategy.data && (
          <StrategyEditor
            key={`${strategy.data.id}-${strategy.data.latestVersion}`}
            templates={templates.data}
            strategy={strategy.data}
            onSaved={saved}
          />
        )}
        {!canEdit && strategy.data && <pre class="panel">{JSON.stringify(strategy.data, null, 2)}</pre>}
        {creating === undefined && !id && (
          <p class="panel muted">
            Pick a template to start a strategy, or one of yours to edit it.{' '}
            {canEdit ? '' : 'Viewers can look but not change.'} <a href={href('backtests')}>Backtests</a> run
            strategies.
          </p>
        )}
      </div>
    </>
  );
}
