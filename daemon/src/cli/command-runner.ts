// Runs a command line through the tree of commands: groups choose a sub-command by its word,
// leaves parse their options (command-args.ts), check their input (command-input.ts) and run.
// Help, usage errors and failures are printed here, the same way for every command, and every
// outcome becomes an exit code from exit-codes.ts. `quanttrade` (main.ts), the backtest bundle
// (backtest-main.ts) and the tests call it.
import { AppError } from '../core/errors';
import { loadConfig, type Config, type ConfigProblem } from '../config/load-config';
import { packageRoot } from '../config/package-root';
import { UsageError, type Command, type CommandNode, type Group, type Invocation } from './command';
import { parseCommandLine, type ParsedLine } from './command-args';
import { commandHelp, groupHelp } from './command-help';
import { inputFileProblems, validateOptions } from './command-input';
import { paint, wantsColour } from './colour';
import { describeFailure, EXIT } from './exit-codes';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

interface RunState {
  io: CliIo;
  /** --no-color was given at some level of the command line. */
  noColor: boolean;
  /** Printed above the root's help. */
  banner?: string;
}

const print = (stream: NodeJS.WritableStream, text: string) => void stream.write(`${text}\n`);

function stderrColour(state: RunState): boolean {
  return wantsColour({ isTTY: state.io.stderr.isTTY, env: state.io.env, noColor: state.noColor });
}

/** Prints a failure as `quanttrade user add: message` and returns its exit code. */
function report(path: string, err: unknown, state: RunState): number {
  const { code, message } = describeFailure(err);
  print(state.io.stderr, `${paint(stderrColour(state)).red(`${path}:`)} ${message}`);
  return code;
}

function usageProblems(path: string, problems: readonly string[]): UsageError {
  const text = problems.length === 1 ? problems[0]! : `invalid options:\n  ${problems.join('\n  ')}`;
  return new UsageError(`${text}\n(${path} --help lists the options)`);
}

async function resolveEntry(entry: Group['commands'][string]): Promise<CommandNode> {
  return 'kind' in entry ? entry : entry.load();
}

async function runGroup(
  path: string,
  group: Group,
  argv: readonly string[],
  state: RunState,
): Promise<number> {
  const banner = state.banner;
  state.banner = undefined;
  const first = argv[0];
  if (group.default && (first === undefined || (first.startsWith('-') && first !== '--')))
    return runCommand(path, group.default, argv, state, group);
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const token = argv[i]!;
    if (token === '--no-color') state.noColor = true;
    else if (token === '-h' || token === '--help') {
      print(state.io.stdout, groupHelp(path, group, banner));
      return EXIT.ok;
    } else if (token === '--') break;
    else return report(path, usageProblems(path, [`unknown option ${token}`]), state);
  }
  const word = argv[i] === '--' ? argv[i + 1] : argv[i];
  if (word === undefined) {
    print(state.io.stderr, groupHelp(path, group, banner));
    return EXIT.usage;
  }
  const entry = Object.hasOwn(group.commands, word) ? group.commands[word] : undefined;
  if (!entry) {
    const known = Object.keys(group.commands).join(', ');
    return report(path, new UsageError(`unknown command '${word}', expected one of ${known}`), state);
  }
  const rest = argv.slice(argv[i] === '--' ? i + 2 : i + 1);
  return runNode(`${path} ${word}`, await resolveEntry(entry), rest, state);
}

/** Config problems of a command whose own options are the daemon's (`start`), or the config. */
function ownConfig(line: ParsedLine, io: CliIo): { config?: Config; problems: ConfigProblem[] } {
  try {
    return { config: parseConfig(line.daemonArgv, io), problems: [] };
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFIG_INVALID')
      return { problems: (err.details?.problems as ConfigProblem[]) ?? [] };
    throw err;
  }
}

function parseConfig(argv: readonly string[], io: CliIo): Config {
  return loadConfig({ argv, env: io.env, cwd: io.cwd, packageRoot: packageRoot() });
}

function configProblems(problems: readonly ConfigProblem[], line: ParsedLine): UsageError {
  const lines = [
    ...line.problems,
    ...problems.map(
      (p) =>
        `${p.name}: got ${p.value === undefined ? 'nothing' : JSON.stringify(p.value)}, expected ${p.expected}`,
    ),
  ];
  const noun = lines.length === 1 ? 'problem' : 'problems';
  return new UsageError(`invalid configuration (${lines.length} ${noun}):\n  ${lines.join('\n  ')}`);
}

/** The parsed and checked input of a leaf, or the usage error that stops it. */
function prepare(path: string, command: Command, line: ParsedLine, state: RunState): Invocation<never> {
  let config: Config | undefined;
  if (command.daemonOptions === 'own') {
    const own = ownConfig(line, state.io);
    if (own.problems.length || line.problems.length) throw configProblems(own.problems, line);
    config = own.config;
  }
  if (line.problems.length) throw usageProblems(path, line.problems);
  const files = inputFileProblems(command, line.values, line.args);
  if (files.length) throw new UsageError(files.join('\n'));
  let options: unknown = line.values;
  if (command.schema) {
    const checked = validateOptions(command.schema, line.values, command.options);
    if (!checked.ok) throw usageProblems(path, checked.problems);
    options = checked.value;
  }
  const { io } = state;
  return {
    command: path,
    options: options as never,
    args: line.args,
    config: () => (config ??= parseConfig(line.daemonArgv, io)),
    colour: {
      stdout: wantsColour({ isTTY: io.stdout.isTTY, env: io.env, noColor: state.noColor }),
      stderr: stderrColour(state),
    },
  };
}

/** Runs a leaf; `group` when it is that group's default (its help lists the sub-commands too). */
async function runCommand(
  path: string,
  command: Command,
  argv: readonly string[],
  state: RunState,
  group?: Group,
) {
  const line = parseCommandLine(argv, command);
  state.noColor ||= line.noColor;
  if (line.help) {
    print(state.io.stdout, commandHelp(path, command, group));
    return EXIT.ok;
  }
  try {
    return await command.run(prepare(path, command, line, state));
  } catch (err) {
    return report(path, err, state);
  }
}

export function runNode(
  path: string,
  node: CommandNode,
  argv: readonly string[],
  state: RunState,
): Promise<number> {
  return node.kind === 'group' ? runGroup(path, node, argv, state) : runCommand(path, node, argv, state);
}

/** Runs `node` as the command `path` (e.g. the backtest bundle: `quanttrade backtest`). */
export function runCommandLine(
  path: string,
  node: CommandNode,
  argv: readonly string[],
  io: CliIo = processIo(),
  banner?: string,
): Promise<number> {
  return runNode(path, node, argv, { io, noColor: false, banner });
}
