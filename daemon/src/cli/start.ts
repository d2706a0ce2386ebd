// The composition root: the one place that builds the daemon's parts and wires them together
// with explicit dependencies. `quanttrade start` (cli/commands/start.ts) and the test harness
// (test/support/daemon.ts) both call startDaemon; nothing here reads the environment.
//
// Order: database (embedded or external) → migrations → event bridge, job queue, signing key
// and first admin → start-up hooks → job workers (worker role) → HTTP server. stop() unwinds it:
// stop accepting connections, drain jobs up to the bound, stop the queue, close the pool, stop
// the embedded PostgreSQL.
import type { Logger } from 'pino';
import { createAuthService, type AuthService } from '../api/auth/auth-service';
import { createSessionSigner } from '../api/auth/session-tokens';
import type { ApiDeps } from '../api/context';
import { createHealthMonitor } from '../api/health';
import { createApiServer } from '../api/server';
import { startVitals } from '../api/vitals';
import type { Config } from '../config/load-config';
import { packageVersion } from '../config/package-root';
import type { Database } from '../db/database';
import type { Boss } from '../jobs/boss';
import type { JobHandlerFactory } from '../jobs/job-handler';
import { createJobQueue } from '../jobs/job-queue';
import { readQueueDepths } from '../jobs/queue-depth';
import { schedules as defaultSchedules, type ScheduleEntry } from '../jobs/schedules';
import { createRecentLogs, type RecentLogs } from '../logging/recent-logs';
import { createMetrics } from '../metrics/metrics';
import { startNotifications } from '../notifications/notifications-runtime';
import { StrategyCode } from '../sandbox/strategy-code';
import { registerCoreHealthChecks } from './health-checks';
import { startBroker } from './start-broker';
import { startTrading } from './start-trading';
import { startDeploymentRunner } from '../trading/runner/start-runner';
import { jobHandlers } from './job-handlers';
import { createCleanupStack, runStartupHooks, startInfrastructure, startWorkers } from './start-phases';
import { prepareDatabase, type PreparedDatabase } from './prepare-database';
import { formatAnnouncement, type Announcement } from './start-announcement';
import { startupHooks, type StartupHook } from './startup-hooks';

export interface StartOptions {
  log: Logger;
  recentLogs?: RecentLogs;
  /**
   * Receives the URL and the first start's admin credentials once the daemon listens
   * (start-announcement.ts formats them; default: as readable text on stdout).
   */
  announce?: (announcement: Announcement) => void;
  /** Job handler factories (default: cli/job-handlers.ts). */
  handlers?: readonly JobHandlerFactory[];
  /** Start-up hooks (default: cli/startup-hooks.ts). */
  hooks?: readonly StartupHook[];
  schedules?: readonly ScheduleEntry[];
  /** Heartbeat period for system.events (default 2 s). */
  heartbeatMs?: number;
  /** A database already being prepared (`quanttrade start` overlaps it with module loading). */
  prepared?: Promise<PreparedDatabase>;
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

export async function startDaemon(config: Config, options: StartOptions): Promise<Daemon> {
  const startedAt = Date.now();
  const log = options.log;
  const metrics = createMetrics();
  const { database, sqlDir, firstStart } = await (options.prepared ?? prepareDatabase(config, log));
  const { pool } = database;
  const cleanups = createCleanupStack(log);
  cleanups.push(() => database.close());
  try {
    metrics.build.record({ version: packageVersion(), node: process.version, roles: config.roles });
    metrics.db.watchPool(pool, config.dbPoolMax);
    metrics.jobs.watchDepth(() => readQueueDepths(pool));
    const infra = await startInfrastructure(
      config,
      database,
      log,
      options.schedules ?? defaultSchedules,
      cleanups,
    );
    const { bus, boss } = infra;
    const jobs = createJobQueue(boss, bus);
    const health = createHealthMonitor({ bus, log: log.child({ module: 'health' }) });
    registerCoreHealthChecks(health, {
      pool,
      sqlDir,
      boss,
      bossRunning: infra.bossRunning,
      bridge: infra.bridge,
    });
    const auth = createAuthService({
      pool,
      signer: createSessionSigner(infra.signingKey),
      bus,
      metrics: metrics.auth,
      log: log.child({ module: 'auth' }),
      sessionTtlSeconds: config.sessionTtlMinutes * 60,
      limits: { perAccount: config.loginMaxFailures, perAddress: config.loginMaxFailuresPerAddress },
    });
    cleanups.push(async () => auth.stop());
    const shared = { config, log, pool, bus, jobs, metrics };
    const broker = await startBroker(
      config,
      { ...shared, connectionString: database.connectionString, health },
      cleanups,
    );
    const links = await startTrading(config, shared, broker, cleanups);
    await runStartupHooks(options.hooks ?? startupHooks, { ...shared, health, firstStart });
    const jobLog = log.child({ module: 'jobs' });
    const deployments = await startDeploymentRunner({
      ...shared,
      roles: config.roles,
      takeoverSeconds: config.takeoverSeconds,
      links,
      tradingClock: config.tradingClock,
    });
    if (deployments) cleanups.push(deployments);
    const runner = await startWorkers(options.handlers ?? jobHandlers, { ...shared, log: jobLog }, boss);

    const readDepths = () => readQueueDepths(pool);
    const recentLogs = options.recentLogs ?? createRecentLogs();
    const vitals = startVitals({
      bus,
      log,
      intervalMs: options.heartbeatMs ?? 2000,
      startedAt,
      readQueueDepths: readDepths,
      warningsLogged: recentLogs.count,
    });
    health.watch(5000);
    cleanups.push(async () => (vitals.stop(), health.stop()));
    const notifications = startNotifications({ ...shared, version: packageVersion() });
    cleanups.push(() => notifications.stop());

    const daemon = {
      id: bus.daemonId,
      version: packageVersion(),
      startedAt,
      roles: config.roles,
      databaseMode: database.mode,
    };
    // Sandbox and type-checker processes start at the first request that needs them.
    const strategyCode = new StrategyCode();
    cleanups.push(() => strategyCode.close());
    const deps: ApiDeps = {
      ...shared,
      auth,
      health,
      vitals,
      recentLogs,
      daemon,
      broker,
      notifications,
      strategyCode,
      links,
    };
    const server = await createApiServer(deps);
    const url = await server.listen(config.host, config.port);
    log.info(
      { url, roles: config.roles, database: database.mode, ms: Date.now() - startedAt },
      'daemon ready',
    );
    const announcement = { url, version: daemon.version, firstAdmin: infra.firstAdmin };
    if (options.announce) options.announce(announcement);
    else
      process.stdout.write(
        formatAnnouncement(announcement, { json: false, now: Date.now(), pid: process.pid }),
      );

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        log.info('shutting down');
        await server.close();
        if (runner) log.info(await runner.drain(config.shutdownTimeoutSeconds * 1000), 'jobs drained');
        await cleanups.unwind();
        log.info({ ms: Date.now() - startedAt }, 'daemon stopped');
      })());
    const abort = () => database.abort();
    return { url, config, database, boss, auth, deps, firstAdmin: infra.firstAdmin, stop, abort };
  } catch (err) {
    await cleanups.unwind();
    throw err;
  }
}
