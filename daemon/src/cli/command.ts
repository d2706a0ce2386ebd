// `quanttrade` sub-commands. Each lives in cli/commands/<name>.ts, exports `run`, and is listed
// in cli/commands/index.ts with a lazy `load`, so that a quick command (`quanttrade backtest`)
// never pays for importing the daemon's server stack. `run` returns the process exit code:
// 0 ok, 1 failure, 2 bad usage or configuration.
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

export interface CommandEntry {
  name: string;
  /** One line for `quanttrade --help`. */
  summary: string;
  load(): Promise<CommandModule>;
}

/** Thrown for bad command-line usage or configuration: printed without a stack, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
