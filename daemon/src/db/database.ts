// Opens the daemon's database: the embedded PostgreSQL in QUANTTRADE_HOME, or the server named
// by DATABASE_URL (then nothing is started). Returns the pool and a close() that also stops the
// embedded server.
import type { Logger } from 'pino';
import { AppError } from '../core/errors';
import { otherDaemonPid, writeDaemonPid } from './daemon-lock';
import { runningEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { createPool, endPool, type Pool } from './pool';

export interface Database {
  /** embedded: we run the server; attached: a running daemon's embedded server; external: DATABASE_URL. */
  mode: 'embedded' | 'attached' | 'external';
  connectionString: string;
  pool: Pool;
  /** True when an embedded data directory was created by this start. */
  freshDataDirectory: boolean;
  /** Closes the pool and stops the embedded server, if any. */
  close(): Promise<void>;
  /** For a forced exit: signals the embedded server to stop now, so it is not left orphaned. */
  abort(): void;
}

export interface OpenDatabaseOptions {
  home: string;
  databaseUrl: string | undefined;
  poolMax: number;
  log: Logger;
  /**
   * 'own' (the daemon): start the embedded server, refusing when another daemon owns it.
   * 'attach' (CLI commands): use the running daemon's server, or start one for the command.
   */
  embedded: 'own' | 'attach';
}

async function startOrAttach(
  options: OpenDatabaseOptions,
): Promise<{ url: string; embedded?: EmbeddedPostgres; release?: () => void }> {
  const other = otherDaemonPid(options.home);
  if (options.embedded === 'attach' && other) {
    const url = await runningEmbeddedPostgres(options.home);
    if (url) return { url };
  }
  if (options.embedded === 'own' && other) {
    throw new AppError(
      'CONFLICT',
      `another daemon (pid ${other}) is using ${options.home}; stop it or choose another QUANTTRADE_HOME`,
    );
  }
  const embedded = await startEmbeddedPostgres({
    home: options.home,
    log: options.log.child({ module: 'postgres' }),
  });
  options.log.info({ port: embedded.port, fresh: embedded.initialised }, 'embedded PostgreSQL started');
  const release = options.embedded === 'own' ? writeDaemonPid(options.home) : undefined;
  return { url: embedded.connectionString, embedded, release };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { log } = options;
  let embedded: EmbeddedPostgres | undefined;
  let release: (() => void) | undefined;
  let connectionString = options.databaseUrl;
  let mode: Database['mode'] = 'external';
  if (!connectionString) {
    const started = await startOrAttach(options);
    ({ embedded, release } = started);
    connectionString = started.url;
    mode = embedded ? 'embedded' : 'attached';
  }
  const pool = createPool({ connectionString, max: options.poolMax, log });
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await endPool(pool).catch(() => undefined);
    await embedded?.stop();
    release?.();
    throw err;
  }
  let closed = false;
  return {
    mode,
    connectionString,
    pool,
    freshDataDirectory: embedded?.initialised ?? false,
    async close() {
      if (closed) return;
      closed = true;
      // Every connection closed before the server stops (endPool), or each would log an error.
      await endPool(pool).catch((err: Error) => log.warn({ err: err.message }, 'closing the pool failed'));
      if (embedded) {
        await embedded.stop();
        log.info('embedded PostgreSQL stopped');
      }
      release?.();
    },
    abort() {
      embedded?.kill();
      release?.();
    },
  };
}
