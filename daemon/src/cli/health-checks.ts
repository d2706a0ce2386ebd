// The daemon's own health checks. Readiness (database, migrations, jobs) decides /readyz; the
// event bridge degrades health without making the daemon unready; the broker link and market
// feed say not_configured until the trading domain registers real checks under the same names.
import type { HealthMonitor } from '../api/health';
import type { Pool } from '../db/pool';
import { migrationStatus } from '../db/migration-runner';
import type { PgBridge } from '../events/pg-bridge';
import type { Boss } from '../jobs/boss';

export function registerCoreHealthChecks(
  health: HealthMonitor,
  deps: { pool: Pool; sqlDir: string; boss: Boss; bossRunning: () => boolean; bridge: PgBridge },
): void {
  health.register(
    'database',
    async () => {
      await deps.pool.query('SELECT 1');
      return { status: 'ok' };
    },
    { readiness: true },
  );
  health.register(
    'migrations',
    async () => {
      const { pending } = await migrationStatus(deps.pool, deps.sqlDir);
      return pending.length ? { status: 'down', detail: `pending: ${pending.join(', ')}` } : { status: 'ok' };
    },
    { readiness: true },
  );
  health.register(
    'jobs',
    async () => {
      if (!deps.bossRunning()) return { status: 'down', detail: 'pg-boss is not running' };
      await deps.boss.schemaVersion();
      return { status: 'ok' };
    },
    { readiness: true },
  );
  health.register('events', async () =>
    deps.bridge.listening
      ? { status: 'ok' }
      : { status: 'degraded', detail: 'not listening for events from other daemons; reconnecting' },
  );
  health.register('broker', async () => ({ status: 'not_configured' }));
  health.register('market_feed', async () => ({ status: 'not_configured' }));
}
