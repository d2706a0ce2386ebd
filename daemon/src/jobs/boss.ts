// Starts pg-boss (its own `pgboss` schema in our database) and declares our queues. Every daemon
// starts it, since every daemon may enqueue; maintenance (expiring hung jobs, archiving) runs on
// daemons with the worker or scheduler role, cron on those with the scheduler role.
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DaemonRole } from '../config/options';
import { QUEUES, QUEUE_NAMES } from './queues';
import { SCHEDULE_TIMEZONE, type ScheduleEntry } from './schedules';

export type Boss = PgBoss;

export interface StartBossOptions {
  connectionString: string;
  roles: readonly DaemonRole[];
  log: Logger;
  schedules: readonly ScheduleEntry[];
}

export async function startBoss(options: StartBossOptions): Promise<Boss> {
  const { roles, log } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    application_name: 'quanttrade-jobs',
    // pg-boss' own pool: fetching, completing, maintenance. Small: workers mostly wait.
    max: 4,
    migrate: true,
    supervise: roles.includes('worker') || roles.includes('scheduler'),
    schedule: roles.includes('scheduler'),
  });
  boss.on('error', (err: Error & { queue?: string }) =>
    log.warn({ err: err.message, queue: err.queue }, 'job queue error'),
  );
  await boss.start();
  for (const name of QUEUE_NAMES) {
    const { description: _d, ...policy } = QUEUES[name];
    await boss.createQueue(name, { name, ...policy });
    // createQueue leaves an existing queue alone: bring its policy up to date.
    const { policy: _p, ...updatable } = policy;
    await boss.updateQueue(name, { name, ...updatable });
  }
  if (roles.includes('scheduler')) {
    for (const entry of options.schedules) {
      await boss.schedule(entry.queue, entry.cron, entry.data ?? {}, { tz: SCHEDULE_TIMEZONE });
    }
  }
  log.info({ queues: QUEUE_NAMES.length }, 'job queue started');
  return boss;
}
