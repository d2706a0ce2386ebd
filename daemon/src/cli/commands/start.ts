// `quanttrade start`: parse the configuration (exit 2 listing every problem), start the daemon,
// and shut it down gracefully on SIGINT/SIGTERM — a second signal forces the exit.
import { AppError } from '../../core/errors';
import { configHelp } from '../../config/config-help';
import { loadConfig, describeConfig, type Config } from '../../config/load-config';
import { packageRoot } from '../../config/package-root';
import { createLogger } from '../../logging/logger';
import { createRecentLogs } from '../../logging/recent-logs';
import { prepareDatabase, type PreparedDatabase } from '../prepare-database';
import { installProcessGuards } from '../process-guards';
import type { Daemon } from '../start';

function parse(argv: string[]): Config | number {
  try {
    return loadConfig({ argv, env: process.env, cwd: process.cwd(), packageRoot: packageRoot() });
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFIG_INVALID') {
      console.error(`quanttrade start: ${err.message}\n\nSee quanttrade start --help.`);
      return 2;
    }
    throw err;
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(configHelp());
    return 0;
  }
  const config = parse(argv);
  if (typeof config === 'number') return config;
  const recentLogs = createRecentLogs();
  const log = createLogger({ level: config.logLevel, format: config.logFormat, recent: recentLogs });
  log.debug({ config: describeConfig(config) }, 'configuration');

  let daemon: Daemon | undefined;
  let signalled: NodeJS.Signals | undefined;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal }, 'second signal: exiting now');
      daemon?.abort();
      process.exit(signal === 'SIGINT' ? 130 : 143);
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
    daemon = await startDaemon(config, { log, recentLogs, prepared });
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
