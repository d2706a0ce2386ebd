// Overview: is the daemon healthy right now? Health checks, live vitals, queues, recent errors.
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { StatusBadge } from '../../ui/status-badge';
import { HealthGrid } from './health-grid';
import { QueueTable } from './queue-table';
import { RecentErrors } from './recent-errors';
import { useSystemEvents } from './use-system-events';
import { VitalsPanel } from './vitals-panel';

export function OverviewPage() {
  const info = useApi(() => api.system.info.query(), []);
  const live = useSystemEvents();
  const health = live.health;
  return (
    <>
      <h1>
        Overview {health && <StatusBadge status={health.status} />}{' '}
        <span class={live.live ? 'badge ok' : 'badge warn'} aria-live="polite">
          {live.live ? 'live' : 'connecting…'}
        </span>
      </h1>
      {info.data && (
        <p class="muted">
          QuantTrade {info.data.version} · daemon {live.heartbeat?.daemonId ?? info.data.daemonId} · roles{' '}
          {info.data.roles.join(', ')} · database {info.data.databaseMode} · Node {info.data.node}
          {live.heartbeat && ` · up ${Math.round(live.heartbeat.uptimeSeconds / 60)} min`}
        </p>
      )}
      <HealthGrid checks={health?.checks ?? {}} />
      <VitalsPanel series={live.series} />
      <section class="panel" aria-labelledby="queues-title">
        <h2 id="queues-title">Job queues</h2>
        <QueueTable queues={live.heartbeat?.queues ?? []} />
      </section>
      <RecentErrors logged={live.heartbeat?.warningsLogged} />
    </>
  );
}
