// One card per health check. Checks a domain has not registered yet (the broker link, the
// market feed) are still shown, as "not configured", so the operator sees what is missing.
import { StatusBadge } from '../../ui/status-badge';

export interface CheckResult {
  status: string;
  detail?: string;
}

const EXPECTED = ['database', 'migrations', 'jobs', 'events', 'broker', 'market_feed'];

const TITLES: Record<string, string> = {
  database: 'Database',
  migrations: 'Migrations',
  jobs: 'Job queue',
  broker: 'Broker link',
  market_feed: 'Market feed',
  events: 'Event bridge',
};

function titleOf(name: string): string {
  return TITLES[name] ?? name.replace(/[-_.]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function HealthGrid({ checks }: { checks: Record<string, CheckResult> }) {
  const names = [...new Set([...EXPECTED, ...Object.keys(checks)])];
  return (
    <div class="grid" role="list" aria-label="Health checks">
      {names.map((name) => {
        const check = checks[name] ?? { status: 'not_configured' };
        return (
          <section
            key={name}
            class="panel card"
            role="listitem"
            aria-label={`${titleOf(name)}: ${check.status}`}
          >
            <h2>
              {titleOf(name)} <StatusBadge status={check.status} />
            </h2>
            <div class="muted">{check.detail ?? (check.status === 'ok' ? 'healthy' : '')}</div>
          </section>
        );
      })}
    </div>
  );
}
