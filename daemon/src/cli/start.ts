// The composition root: the one place that builds the daemon's parts and wires them together
// with explicit dependencies. `quanttrade start` (cli/commands/start.ts) and the test harness
// (test/support/daemon.ts) both call startDaemon; nothing here reads the environment.
//
// Order: database (embedded or external) → migrations → event bridge, job queue, signing key
// and first admin → start-up hooks → job workers (worker role) → HTTP server. stop() unwinds it:
// stop accepting connections, drain jobs up to the bound, stop the queue, close the pool, stop
// the embedded PostgreSQL.
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createAuthService, type AuthService } from '../api/auth/auth-service';
import { ensureFirstAdmin } from '../api/auth/first-admin';
import { createSessionSigner, loadSigningKey } from '../api/auth/session-tokens';
import type { ApiDeps } from '../api/context';
import { createHealthMonitor } from '../api/health';
import { createApiServer, type ApiServer } from '../api/server';
import { startVitals } from '../api/vitals';
import type { Config } from '../config/load-config';
import { packageRoot, packageVersion } from '../config/package-root';
import { openDatabase, type Database } from '../db/database';
import { migrate, migrationStatus } from '../db/migration-runner';
import { createEventBus } from '../events/event-bus';
import { startPgBridge } from '../events/pg-bridge';
import { startBoss, type Boss } from '../jobs/boss';
import type { JobHandler, JobHandlerFactory } from '../jobs/job-handler';
import { createJobQueue } from '../jobs/job-queue';
import { startJobRunner, type JobRunner } from '../jobs/job-runner';
import { jobHandlers } from '../jobs/handlers';
import { readQueueDepths } from '../jobs/queue-depth';
import { schedules as defaultSchedules, type ScheduleEntry } from '../jobs/schedules';
import { createRecentLogs, type RecentLogs } from '../logging/recent-logs';
import { createMetrics } from '../metrics/metrics';
import { registerCoreHealthChecks } from './health-checks';
import { startupHooks, type StartupHook } from './startup-hooks';

export interface StartOptions {
  log: Logger;
  recentLogs?: RecentLogs;
  /** Where the URL and first-start credentials are printed (the terminal, not the log). */
  announce?: (text: string) => void;
  /** Job handler factories (default: jobs/handlers.ts). */
  handlers?: readonly JobHandlerFactory[];
  /** Start-up hooks (default: cli/startup-hooks.ts). */
  hooks?: readonly StartupHook[];
  schedules?: readonly ScheduleEntry[];
  /** Heartbeat period for system.events (default 2 s). */
  heartbeatMs?: number;
}

export interface Daemon {
  /** http://host:port */
  url: string;
  config: Config;
  database: Database;
  boss: Boss;
  auth: AuthService;
  deps: ApiDeps;
  /** First-start admin credentials, when this start created them. */
  firstAdmin?: { email: string; password: string };
  /** Graceful shutdown; safe to call twice. Resolves when everything is closed. */
  stop(): Promise<void>;
  /** For a forced exit (second signal): stops the embedded PostgreSQL now, synchronously. */
  abort(): void;
}

async function prepareDatabase(config: Config, log: Logger) {
  const database = await openDatabase({
    home: config.home,
    databaseUrl: config.databaseUrl,
    poolMax: config.dbPoolMax,
    log,
    embedded: 'own',
  });
  try {
    const sqlDir = join(packageRoot(), 'sql');
    const before = await migrationStatus(database.pool, sqlDir);
    await migrate(database.pool, sqlDir, log.child({ module: 'migrations' }));
    return { database, sqlDir, firstStart: before.applied.length === 0 };
  } catch (err) {
    await database.close();
    throw err;
  }
}

function buildHandlers(
  factories: readonly JobHandlerFactory[],
  deps: Parameters<JobHandlerFactory>[0],
): JobHandler[] {
  return factories.flatMap((factory) => factory(deps));
}

export async function startDaemon(config: Config, options: StartOptions): Promise<Daemon> {
  const startedAt = Date.now();
  const log = options.log;
  const announce = options.announce ?? ((text: string) => process.stdout.write(`${text}\n`));
  const metrics = createMetrics();
  const recentLogs = options.recentLogs ?? createRecentLogs();
  const { database, sqlDir, firstStart } = await prepareDatabase(config, log);
  const { pool } = database;
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  const unwind = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((err: Error) => log.warn({ err: err.message }, 'cleanup failed'));
  };
  try {
    metrics.db.watchPool(pool, config.dbPoolMax);
    metrics.jobs.watchDepth(() => readQueueDepths(pool));
    const bus = createEventBus({ log: log.child({ module: 'events' }) });
    const [bridge, boss, signingKey, firstAdmin] = await Promise.all([
      startPgBridge({
        bus,
        pool,
        connectionString: database.connectionString,
        log: log.child({ module: 'events' }),
      }),
      startBoss({
        connectionString: database.connectionString,
        pool,
        roles: config.roles,
        log: log.child({ module: 'jobs' }),
        schedules: options.schedules ?? defaultSchedules,
      }),
      loadSigningKey(pool),
      // Only a daemon that serves the API can tell anyone how to sign in.
      config.roles.includes('api') ? ensureFirstAdmin(pool, config.adminEmail) : undefined,
    ]);
    let bossRunning = true;
    boss.on('stopped', () => (bossRunning = false));
    cleanups.push(
      () => bridge.stop(),
      () => boss.stop({ graceful: true, timeout: 2000, wait: true }),
    );

    const jobs = createJobQueue(boss, bus);
    const health = createHealthMonitor({ bus, log: log.child({ module: 'health' }) });
    registerCoreHealthChecks(health, { pool, sqlDir, boss, bossRunning: () => bossRunning, bridge });
    const auth = createAuthService({
      pool,
      signer: createSessionSigner(signingKey),
      bus,
      metrics: metrics.auth,
      log: log.child({ module: 'auth' }),
      sessionTtlSeconds: config.sessionTtlMinutes * 60,
      limits: { perAccount: config.loginMaxFailures, perAddress: config.loginMaxFailuresPerAddress },
    });

    for (const hook of options.hooks ?? startupHooks) {
      if (hook.roles && !hook.roles.some((r) => config.roles.includes(r))) continue;
      log.debug({ hook: hook.name }, 'running start-up hook');
      await hook.run({
        config,
        log: log.child({ hook: hook.name }),
        pool,
        bus,
        jobs,
        metrics,
        health,
        firstStart,
      });
    }

    let runner: JobRunner | undefined;
    if (config.roles.includes('worker')) {
      const handlers = buildHandlers(options.handlers ?? jobHandlers, {
        config,
        log: log.child({ module: 'jobs' }),
        pool,
        bus,
        metrics,
        jobs,
      });
      runner = await startJobRunner({ boss, handlers, bus, metrics, log: log.child({ module: 'jobs' }) });
    }

    const vitals = startVitals({
      bus,
      log,
      intervalMs: options.heartbeatMs ?? 2000,
      startedAt,
      readQueueDepths: () => readQueueDepths(pool),
    });
    health.watch(5000);
    cleanups.push(async () => (vitals.stop(), health.stop()));

    const deps: ApiDeps = {
      config,
      log,
      pool,
      jobs,
      bus,
      metrics,
      auth,
      health,
      vitals,
      recentLogs,
      daemon: {
        id: bus.daemonId,
        version: packageVersion(),
        startedAt,
        roles: config.roles,
        databaseMode: database.mode,
      },
    };
    const server: ApiServer = await createApiServer(deps);
    const url = await server.listen(config.host, config.port);
    cleanups.push(() => server.close());
    log.info(
      { url, roles: config.roles, database: database.mode, ms: Date.now() - startedAt },
      'daemon ready',
    );
    announceStart(announce, url, deps.daemon.version, firstAdmin);

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        log.info('shutting down');
        await server.close();
        cleanups.pop();
        if (runner) {
          const drained = await runner.drain(config.shutdownTimeoutSeconds * 1000);
          log.info(drained, 'jobs drained');
        }
        await unwind();
        log.info({ ms: Date.now() - startedAt }, 'daemon stopped');
      })());
    return { url, config, database, boss, auth, deps, firstAdmin, stop, abort: () => database.abort() };
  } catch (err) {
    await unwind();
    throw err;
  }
}

function announceStart(
  announce: (text: string) => void,
  url: string,
  version: string,
  firstAdmin: { email: string; password: string } | undefined,
): void {
  const lines = [`QuantTrade ${version} is running: ${url}`];
  if (firstAdmin) {
    lines.push(
      '',
      'First start: an admin account was created. Sign in at the URL above with',
      `  email:    ${firstAdmin.email}`,
      `  password: ${firstAdmin.password}`,
      'This password is shown only once. Add users with `quanttrade user add --email E --role R`.',
    );
  }
  announce(lines.join('\n'));
}
