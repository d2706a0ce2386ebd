// Starts pg-boss (its own `pgboss` schema in our database) and declares our queues. Every daemon
// starts it, since every daemon may enqueue; maintenance (expiring hung jobs, archiving) runs on
// daemons with the worker or scheduler role, cron on those with the scheduler role.
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DaemonRole } from '../config/options';
import type { Pool } from '../db/pool';
import { QUEUES, QUEUE_NAMES } from './queues';
import { SCHEDULE_TIMEZONE, type ScheduleEntry } from './schedules';

export type Boss = PgBoss;

export interface StartBossOptions {
  connectionString: string;
  /** For the advisory lock that serialises queue declaration across daemons. */
  pool: Pool;
  roles: readonly DaemonRole[];
  log: Logger;
  schedules: readonly ScheduleEntry[];
}

/** Arbitrary advisory-lock key ("qtqueue" in ASCII): one daemon declares queues at a time. */
const QUEUE_LOCK_KEY = 0x7174_7175_6575;

/**
 * Runs `fn` holding the queue-declaration lock. pg-boss creates a partition per queue (its own
 * `__pgboss__send-it` queue included, created inside start() on scheduler daemons): two
 * daemons doing so at once deadlock on the queue table's foreign keys, hence one lock around
 * pg-boss's start-up and our declarations together.
 */
async function withQueueLock<T>(pool: Pool, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [QUEUE_LOCK_KEY]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [QUEUE_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Creates missing queues and updates the policies of existing ones (under the queue lock). */
async function declareQueues(boss: Boss): Promise<void> {
  for (const name of QUEUE_NAMES) {
    const { description: _d, ...policy } = QUEUES[name];
    await boss.createQueue(name, { name, ...policy });
    // createQueue leaves an existing queue alone: bring its policy up to date. The policy must
    // be passed too: pg-boss 10's updateQueue sets a missing one to 'standard'.
    await boss.updateQueue(name, { name, ...policy });
  }
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
  await withQueueLock(options.pool, async () => {
    await boss.start();
    await declareQueues(boss);
  });
  if (roles.includes('scheduler')) {
    for (const entry of options.schedules) {
      await boss.schedule(entry.queue, entry.cron, entry.data ?? {}, { tz: SCHEDULE_TIMEZONE });
    }
  }
  log.info({ queues: QUEUE_NAMES.length }, 'job queue started');
  return boss;
}
