// Process-wide last resorts for `quanttrade start`. Node's default for a promise rejection nobody
// handles is to exit at once: a library's un-awaited database call failing during a PostgreSQL
// restart stopped every daemon running jobs, leaving the embedded PostgreSQL orphaned. Here:
// - an unhandled rejection is logged with its error, counted (quanttrade_unhandled_rejections_total)
//   and survived — the work it belonged to is retried by whoever owns it (job queue, reaper);
// - an uncaught exception means code broke in a way nothing expected (an invariant of this
//   process): it is logged and counted, then the daemon stops cleanly (jobs handed back, the
//   embedded PostgreSQL stopped) and exits 1, for the service manager to restart it.
import type { Logger } from 'pino';

export interface GuardCounters {
  unhandledRejections: { inc(): void };
  uncaughtExceptions: { inc(): void };
}

export interface ProcessGuardOptions {
  log: Logger;
  /** The counters, once the daemon's metrics exist (undefined before: only logged). */
  counters: () => GuardCounters | undefined;
  /** Stops the daemon cleanly; the process exits 1 once it resolves (or after `fatalBoundMs`). */
  onFatal: () => Promise<void>;
  fatalBoundMs?: number;
  exit?: (code: number) => void;
}

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuards(options: ProcessGuardOptions): () => void {
  const { log } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let fatal = false;

  const onRejection = (reason: unknown) => {
    options.counters()?.unhandledRejections.inc();
    log.error({ err: reason }, 'unhandled promise rejection (survived; please report it)');
  };

  const onException = (err: Error) => {
    options.counters()?.uncaughtExceptions.inc();
    if (fatal) {
      log.error({ err }, 'uncaught exception during the emergency stop');
      return;
    }
    fatal = true;
    log.fatal({ err }, 'uncaught exception: stopping the daemon cleanly');
    const bound = setTimeout(() => exit(1), options.fatalBoundMs ?? 45_000);
    bound.unref();
    options
      .onFatal()
      .catch((stopErr: unknown) => log.error({ err: stopErr }, 'emergency stop failed'))
      .finally(() => {
        clearTimeout(bound);
        exit(1);
      });
  };

  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
