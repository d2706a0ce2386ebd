// The `quanttrade` command framework: every command and sub-command is declared with
// defineCommand (a leaf that runs) or defineGroup (a word that chooses among sub-commands), and
// the runner (command-runner.ts) does the rest the same way for all of them — one parser
// (node:util parseArgs), -h/--help at every level, `--` ending options, negative numbers as
// values, unknown options named, input files checked, option values validated by a zod schema
// naming flag, value and expectation, --no-color/NO_COLOR, and one exit code per kind of failure
// (exit-codes.ts). A command's `run` sees only parsed, validated values. docs/development.md,
// "Commands", shows how to add one.
import type { z } from 'zod';
import type { Config } from '../config/load-config';

interface OptionBase {
  /** One line (or several, joined by \n) for --help. */
  describe: string;
  /** A one-letter alias: `-s` for --strategy. */
  short?: string;
  /** The heading --help lists the option under (default "Options"), in order of first use. */
  section?: string;
}

export interface StringOption extends OptionBase {
  type: 'string';
  /** The value's placeholder in --help: `--email E`. */
  value: string;
  /** Repeatable: the value is a list (`-p fast=10 -p slow=30`). */
  multiple?: boolean;
  /** A file the command reads: refused (exit 2) before the command runs unless it is readable. */
  input?: 'file';
}

export interface BooleanOption extends OptionBase {
  /** A switch: `--quiet`, or `--quiet=false` (true/yes/1, false/no/0). */
  type: 'boolean';
}

export type OptionSpec = StringOption | BooleanOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A positional argument, in order. */
export interface ArgSpec {
  /** Its placeholder: ID, FILE. */
  name: string;
  /** What it is, for --help and for the error when it is missing. */
  describe: string;
  optional?: boolean;
  /** The last argument may take any number of values. */
  variadic?: boolean;
  input?: 'file';
}

type OptionValue<T> = T extends { type: 'boolean' }
  ? boolean | undefined
  : T extends { multiple: true }
    ? string[] | undefined
    : string | undefined;

/** The values of a command's options as parsed, keyed by flag name (`'password-stdin'`). */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: OptionValue<O[K]> };

/** What a command's run() receives. */
export interface Invocation<V> {
  /** The command as typed: `quanttrade user add`. */
  command: string;
  /** Option values, after the command's schema when it has one. */
  options: V;
  /** Positional arguments, in order (after `--`, everything is one). */
  args: string[];
  /**
   * The daemon configuration (commands with `daemonOptions`): the daemon flags given here
   * (--home, --database-url, …) over the environment, parsed as `start` parses them. Throws a
   * usage error (exit 2) listing every problem. Parsed on first call, so commands that may not
   * need it (a CSV backtest) are not refused for an environment they never use.
   */
  config(): Config;
  /** Whether colour may be written to each stream (a terminal, no NO_COLOR, no --no-color). */
  colour: { stdout: boolean; stderr: boolean };
}

interface CommandBase<O extends OptionSpecs> {
  /** One line, for the parent's command list and the top of --help. */
  summary: string;
  /**
   * What follows the command's name in the usage line(s), e.g. `--email E --role R`; default:
   * `[options]` and the positional arguments. Several lines for several forms.
   */
  usage?: string | readonly string[];
  /** Paragraphs after the summary in --help. */
  description?: string;
  options?: O;
  args?: readonly ArgSpec[];
  /**
   * The command also takes the daemon's options (--home, --database-url, … as `start` does, or
   * their environment variables) and reads them with inv.config(), which parses them when first
   * called. 'own': they are the command's own options (`start`): every one is listed in --help,
   * and they are parsed before run(), their problems reported with the command line's.
   */
  daemonOptions?: true | 'own';
}

export interface CommandDef<O extends OptionSpecs, V> extends CommandBase<O> {
  run(inv: Invocation<V>): Promise<number>;
}

/** A leaf command, as the runner sees it. */
export interface Command extends CommandBase<OptionSpecs> {
  kind: 'command';
  /** Validates (and may transform) option values; its issues are reported as `--flag: got …`. */
  schema?: z.ZodType;
  run(inv: Invocation<never>): Promise<number>;
}

/** A sub-command loaded only when it is used (its module may import the whole daemon). */
export interface LazyEntry {
  summary: string;
  load(): Promise<Command | Group>;
}

export interface Group {
  kind: 'group';
  summary: string;
  description?: string;
  /** Sub-commands in the order --help lists them. */
  commands: Readonly<Record<string, Command | Group | LazyEntry>>;
  /**
   * What the group's name alone runs, when no sub-command word follows (nothing, or options):
   * `quanttrade kill --account 3` engages, `quanttrade kill status` shows. Without it, the bare
   * group prints its usage and exits 2.
   */
  default?: Command;
}

export type CommandNode = Command | Group;

/** What each file in cli/commands/ exports, and cli/commands/index.ts loads lazily. */
export interface CommandModule {
  command: CommandNode;
}

/** A top-level command as cli/commands/index.ts lists it. */
export interface CommandEntry {
  name: string;
  /** One line for `quanttrade --help`. */
  summary: string;
  load(): Promise<CommandModule>;
}

/** A leaf whose options are exactly as parsed (string, boolean, string[]). */
export function defineCommand<const O extends OptionSpecs = Record<never, OptionSpec>>(
  def: CommandDef<O, OptionValues<O>> & { schema?: undefined },
): Command;
/** A leaf whose options go through `schema` first (coercion, defaults, checks). */
export function defineCommand<const O extends OptionSpecs, S extends z.ZodType>(
  def: CommandDef<O, z.output<S>> & { schema: S },
): Command;
export function defineCommand(def: CommandDef<OptionSpecs, unknown> & { schema?: z.ZodType }): Command {
  return { ...def, kind: 'command' } as Command;
}

export function defineGroup(def: Omit<Group, 'kind'>): Group {
  return { ...def, kind: 'group' };
}

/** Bad command-line usage or input: printed without a stack, exit code 2 (exit-codes.ts). */
export class UsageError extends Error {
  readonly exitCode = 2;
}
