// The phases of start-up that startDaemon (cli/start.ts) runs in order, each a small function
// with explicit inputs and outputs, plus the cleanup stack that unwinds whatever had started
// when a later phase fails or the daemon stops.
import type { Logger } from 'pino';
import { ensureFirstAdmin } from '../api/auth/first-admin';
import { loadSigningKey } from '../api/auth/session-tokens';
import type { Config } from '../config/load-config';
import type { Database } from '../db/database';
import { createEventBus, type EventBus } from '../events/event-bus';
import { startPgBridge, type PgBridge } from '../events/pg-bridge';
import { startBoss, type Boss } from '../jobs/boss';
import type { JobDeps, JobHandlerFactory } from '../jobs/job-handler';
import { startJobRunner, type JobRunner } from '../jobs/job-runner';
import type { ScheduleEntry } from '../jobs/schedules';
import type { StartupContext, StartupHook } from './startup-hooks';

export interface CleanupStack {
  push(...cleanups: Array<() => Promise<unknown>>): void;
  /** Runs every cleanup, last pushed first; failures are logged, not thrown. */
  unwind(): Promise<void>;
}

export function createCleanupStack(log: Logger): CleanupStack {
  const stack: Array<() => Promise<unknown>> = [];
  return {
    push: (...cleanups) => void stack.push(...cleanups),
    async unwind() {
      for (const cleanup of stack.splice(0).reverse()) {
        await cleanup().catch((err: Error) => log.warn({ err: err.message }, 'cleanup failed'));
      }
    },
  };
}

export interface Infrastructure {
  bus: EventBus;
  bridge: PgBridge;
  boss: Boss;
  bossRunning(): boolean;
  signingKey: Buffer;
  firstAdmin: { email: string; password: string } | undefined;
}

/** The event bus and its bridge, pg-boss, the session key and the first admin, in parallel. */
export async function startInfrastructure(
  config: Config,
  database: Database,
  log: Logger,
  schedules: readonly ScheduleEntry[],
  cleanups: CleanupStack,
): Promise<Infrastructure> {
  const { pool, connectionString } = database;
  const bus = createEventBus({ log: log.child({ module: 'events' }) });
  const [bridge, boss, signingKey, firstAdmin] = await Promise.all([
    startPgBridge({ bus, pool, connectionString, log: log.child({ module: 'events' }) }),
    startBoss({ connectionString, pool, roles: config.roles, log: log.child({ module: 'jobs' }), schedules }),
    loadSigningKey(pool),
    // Only a daemon that serves the API can tell anyone how to sign in.
    config.roles.includes('api') ? ensureFirstAdmin(pool, config.adminEmail) : undefined,
  ]);
  let running = true;
  boss.on('stopped', () => (running = false));
  cleanups.push(
    () => bridge.stop(),
    () => boss.stop({ graceful: true, timeout: 2000, wait: true }),
  );
  return { bus, bridge, boss, bossRunning: () => running, signingKey, firstAdmin };
}

export async function runStartupHooks(hooks: readonly StartupHook[], context: StartupContext): Promise<void> {
  for (const hook of hooks) {
    if (hook.roles && !hook.roles.some((r) => context.config.roles.includes(r))) continue;
    context.log.debug({ hook: hook.name }, 'running start-up hook');
    await hook.run({ ...context, log: context.log.child({ hook: hook.name }) });
  }
}

/** Job workers, on daemons with the worker role. */
export async function startWorkers(
  factories: readonly JobHandlerFactory[],
  deps: JobDeps,
  boss: Boss,
): Promise<JobRunner | undefined> {
  if (!deps.config.roles.includes('worker')) return undefined;
  const handlers = factories.flatMap((factory) => factory(deps));
  for (const h of handlers) deps.metrics.jobs.capacity.inc({ queue: h.queue }, h.concurrency ?? 1);
  return startJobRunner({ boss, handlers, bus: deps.bus, metrics: deps.metrics, log: deps.log });
}
