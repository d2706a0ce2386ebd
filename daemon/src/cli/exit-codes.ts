// The exit codes of every `quanttrade` command, one per kind of failure, so that scripts can
// tell "fix the command" from "try again later" whatever the command (README, "Exit codes"):
//   0    success
//   1    the command ran and failed: a dependency unreachable (database, data source, daemon
//        API, broker), a state that does not allow it (a user that exists), a refusal, a run
//        that failed, an unexpected error (printed with its stack) — or the command reports
//        what it was asked to find (data check findings, pending migrations, a diff)
//   2    the command line or its input is wrong: unknown command or option, a bad value, an
//        invalid or missing configuration (no broker key), a missing or unreadable input file,
//        a file refused for bad rows, a name that does not exist (symbol, strategy, user, id)
//   130  interrupted (Ctrl-C); 143 terminated (SIGTERM) — a second signal to `start`
// AppError kinds (core/errors.ts) map onto these; commands never choose a number themselves
// except 0 and the "found something" 1.
import { AppError } from '../core/errors';
import { UsageError } from './command';

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

export interface Failure {
  code: number;
  message: string;
}

// Node's errors for a path the user named (an output directory, an input file).
const PATH_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** How a command's error is reported: its exit code and the message (with a stack only for bugs). */
export function describeFailure(err: unknown): Failure {
  if (err instanceof UsageError) return { code: EXIT.usage, message: err.message };
  if (err instanceof AppError) {
    // A strategy that failed while running is classed invalid for the API (the user's code, not
    // the server, is at fault) but the command line was right: the run failed.
    const usage =
      (err.kind === 'invalid' && err.code !== 'STRATEGY_FAILED') ||
      err.kind === 'not_found' ||
      err.code === 'CONFIG_INVALID' ||
      // A setting the command needs is missing (the broker key): fixed by configuring it.
      err.code === 'NOT_CONFIGURED';
    if (err.kind !== 'bug') return { code: usage ? EXIT.usage : EXIT.failure, message: err.message };
  }
  const sys = err as NodeJS.ErrnoException;
  const why = typeof sys?.code === 'string' ? PATH_ERRORS[sys.code] : undefined;
  if (why && typeof sys.path === 'string') return { code: EXIT.usage, message: `${sys.path}: ${why}` };
  return { code: EXIT.failure, message: (err as Error)?.stack ?? String(err) };
}
