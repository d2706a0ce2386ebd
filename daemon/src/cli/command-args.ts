// One command line → option values, positional arguments and every problem, for any command
// declared with defineCommand. node:util parseArgs reads the tokens (`--name value`,
// `--name=value`, `-s value`, grouped switches `-qh`, `--` ending options); this file decides
// what they mean. It runs parseArgs non-strict, because strict mode refuses `--cash -5000` as
// "ambiguous" and stops at the first problem; here a negative number is a value, an option where
// a value belongs is named, and every problem is collected for one message.
import { parseArgs } from 'node:util';
import { OPTIONS } from '../config/options';
import type { Command, OptionSpec } from './command';

/** -h/--help and --no-color, which every command takes. */
export const BUILT_IN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', describe: 'show this help' },
  'no-color': { type: 'boolean', describe: 'no colour in the output (also NO_COLOR=1)' },
};

export interface ParsedLine {
  help: boolean;
  noColor: boolean;
  values: Record<string, string | boolean | string[]>;
  /** Daemon options given (`--home=/x`), for loadConfig. */
  daemonArgv: string[];
  args: string[];
  /** One line each: `unknown option --x`, `--email: got nothing, expected a value (--email E)`. */
  problems: string[];
}

const SWITCH_VALUES: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The daemon's options (--home, --database-url, …), all strings. */
export function daemonOptionSpecs(): Record<string, OptionSpec> {
  return Object.fromEntries(
    Object.values(OPTIONS).map((o) => [o.flag, { type: 'string', value: o.arg, describe: o.describe }]),
  );
}

/** Everything `command` accepts: its own options over the daemon's, and the built-in ones. */
export function acceptedOptions(command: Command): Record<string, OptionSpec> {
  return {
    ...(command.daemonOptions ? daemonOptionSpecs() : {}),
    ...command.options,
    ...BUILT_IN_OPTIONS,
  };
}

function optionValue(
  name: string,
  spec: OptionSpec,
  token: { value?: string; inlineValue?: boolean },
  problems: string[],
): string | boolean | undefined {
  if (spec.type === 'boolean') {
    if (token.value === undefined) return true;
    const on = SWITCH_VALUES[token.value.toLowerCase()];
    if (on === undefined)
      problems.push(
        `--${name}: got ${JSON.stringify(token.value)}, expected no value (a switch), or true/false`,
      );
    return on;
  }
  const expected = `expected a value (--${name} ${spec.value})`;
  if (token.value === undefined) {
    problems.push(`--${name}: got nothing, ${expected}`);
    return undefined;
  }
  // parseArgs took the next token whatever it was; only a negative number may start with '-'.
  if (!token.inlineValue && token.value.startsWith('-') && !NEGATIVE_NUMBER.test(token.value)) {
    problems.push(
      `--${name}: got the option ${token.value}, ${expected}; write --${name}=${token.value} for a value that starts with '-'`,
    );
    return undefined;
  }
  return token.value;
}

export function parseCommandLine(argv: readonly string[], command: Command): ParsedLine {
  const accepted = acceptedOptions(command);
  const parserOptions = Object.fromEntries(
    Object.entries(accepted).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options: parserOptions,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const own = { ...command.options, ...BUILT_IN_OPTIONS };
  const line: ParsedLine = {
    help: false,
    noColor: false,
    values: {},
    daemonArgv: [],
    args: [],
    problems: [],
  };
  for (const token of tokens) {
    if (token.kind === 'positional') line.args.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = accepted[token.name];
    if (!spec) {
      line.problems.push(`unknown option ${token.rawName}`);
      continue;
    }
    const value = optionValue(token.name, spec, token, line.problems);
    if (value === undefined) continue;
    if (token.name === 'help') line.help ||= value === true;
    else if (token.name === 'no-color') line.noColor ||= value === true;
    else if (!(token.name in own)) line.daemonArgv.push(`--${token.name}=${String(value)}`);
    else if (spec.type === 'string' && spec.multiple)
      line.values[token.name] = [...((line.values[token.name] as string[] | undefined) ?? []), String(value)];
    else line.values[token.name] = value;
  }
  if (line.problems.length === 0) checkArgs(command, line);
  return line;
}

/** Too few or too many positional arguments. */
function checkArgs(command: Command, line: ParsedLine): void {
  const specs = command.args ?? [];
  specs.forEach((spec, i) => {
    if (line.args[i] === undefined && !spec.optional)
      line.problems.push(`${spec.name}: got nothing, expected ${spec.describe}`);
  });
  const variadic = specs.at(-1)?.variadic ?? false;
  if (!variadic && line.args.length > specs.length)
    for (const extra of line.args.slice(specs.length)) line.problems.push(`unexpected argument '${extra}'`);
}
