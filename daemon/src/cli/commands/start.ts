// `quanttrade start`: parse the configuration (exit 2 listing every problem, by the command
// framework), start the daemon, and shut it down gracefully on SIGINT/SIGTERM — a second signal
// forces the exit.
import { describeConfig } from '../../config/load-config';
import { createLogger, logsArePretty } from '../../logging/logger';
import { createRecentLogs } from '../../logging/recent-logs';
import { defineCommand, type Invocation } from '../command';
import { EXIT } from '../exit-codes';
import { prepareDatabase, type PreparedDatabase } from '../prepare-database';
import { installProcessGuards } from '../process-guards';
import type { Daemon } from '../start';
import { formatAnnouncement, type Announcement } from '../start-announcement';

export const command = defineCommand({
  summary: 'Run the daemon: database, migrations, job queue, API and console',
  description:
    'Starts PostgreSQL (embedded unless DATABASE_URL is set), applies migrations, starts the job\n' +
    'queue, the API and the console on http://HOST:PORT, and runs until SIGINT or SIGTERM.',
  usage: '[options]',
  daemonOptions: 'own',
  run: runDaemon,
});

async function runDaemon(inv: Invocation<unknown>): Promise<number> {
  const config = inv.config();
  const recentLogs = createRecentLogs();
  const log = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    recent: recentLogs,
    colour: inv.colour.stdout,
  });
  log.debug({ config: describeConfig(config) }, 'configuration');
  const json = !logsArePretty(config.logFormat, Boolean(process.stdout.isTTY));
  const announce = (a: Announcement) =>
    void process.stdout.write(formatAnnouncement(a, { json, now: Date.now(), pid: process.pid }));

  let daemon: Daemon | undefined;
  let signalled: NodeJS.Signals | undefined;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal }, 'second signal: exiting now');
      daemon?.abort();
      process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
    }
    signalled = signal;
    log.info({ signal }, 'signal received: shutting down (send it again to force)');
    daemon?.stop().then(
      () => finish(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        finish(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  let prepared: Promise<PreparedDatabase> | undefined;
  installProcessGuards({
    log,
    counters: () => daemon?.deps.metrics.process,
    onFatal: async () => {
      if (daemon) return daemon.stop();
      await (await prepared?.catch(() => undefined))?.database.close();
    },
  });

  try {
    // The embedded PostgreSQL boots and migrations run on their own while the server stack
    // (fastify, tRPC, pg-boss, every router) loads: a shorter cold start.
    prepared = prepareDatabase(config, log);
    prepared.catch(() => undefined);
    const { startDaemon } = await import('../start').catch(async (err: unknown) => {
      await (await prepared?.catch(() => undefined))?.database.close();
      throw err;
    });
    daemon = await startDaemon(config, { log, recentLogs, prepared, announce });
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    console.error(`quanttrade start: ${(err as Error).message}`);
    return 1;
  }
  // A signal that arrived while starting is honoured now.
  if (signalled)
    daemon.stop().then(
      () => finish(0),
      () => finish(1),
    );
  const code = await finished;
  // Anything still holding the event loop (a stuck socket) must not keep a stopped daemon alive.
  setTimeout(() => process.exit(code), 2000).unref();
  return code;
}
