// Keeps the embedded PostgreSQL running for as long as the daemon wants it: a server that exits
// without being asked to (killed, crashed, out of memory) is started again on the same data and
// port — after 1 s, then doubling up to 30 s while attempts fail — so the daemon, whose readiness
// says 503 meanwhile, recovers on its own, as it does from an external server's restart. stop()
// and kill() end the supervision first.
import type { ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

export interface SupervisedServer {
  /** Fast shutdown of the current server (SIGINT, SIGQUIT after 15 s); no restart after. */
  stop(): Promise<void>;
  /** Immediate shutdown (SIGQUIT), signalled synchronously; no restart after. */
  kill(): void;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A server that ran this long before dying gets the short delay again. */
const STABLE_MS = 60_000;

export function superviseServer(
  first: ChildProcess,
  start: () => Promise<ChildProcess>,
  log: Logger,
): SupervisedServer {
  let child: ChildProcess | undefined = first;
  let exitedChild: Promise<void> = onExit(first);
  let starting: Promise<void> | undefined;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = FIRST_DELAY_MS;
  let startedAt = Date.now();

  function onExit(c: ChildProcess): Promise<void> {
    return new Promise((resolve) =>
      c.once('exit', (code, signal) => {
        if (child === c) child = undefined;
        resolve();
        if (stopping) return;
        if (Date.now() - startedAt > STABLE_MS) delay = FIRST_DELAY_MS;
        log.error(
          { code, signal, restartInMs: delay },
          'embedded PostgreSQL exited unexpectedly; starting it again',
        );
        schedule();
      }),
    );
  }

  function schedule(): void {
    timer = setTimeout(() => {
      timer = undefined;
      starting = start().then(
        (c) => {
          starting = undefined;
          if (stopping) {
            c.kill('SIGINT');
            return;
          }
          child = c;
          startedAt = Date.now();
          exitedChild = onExit(c);
          log.info('embedded PostgreSQL started again');
        },
        (err: Error) => {
          starting = undefined;
          log.warn({ err: err.message, retryInMs: delay }, 'embedded PostgreSQL did not start again yet');
          if (!stopping) schedule();
        },
      );
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }, delay);
    timer.unref();
  }

  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await starting;
      const current = child;
      if (!current) return;
      current.kill('SIGINT');
      const force = setTimeout(() => current.kill('SIGQUIT'), 15_000);
      await exitedChild;
      clearTimeout(force);
    },
    kill() {
      stopping = true;
      if (timer) clearTimeout(timer);
      // Immediate shutdown: the server recovers from its WAL on the next start.
      child?.kill('SIGQUIT');
    },
  };
}
