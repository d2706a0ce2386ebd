// Command-line flags for commands other than `start`: each command names its own flags and
// validates them with a zod schema; the flags it does not know (--home, --database-url, ...)
// go on to the daemon config parser, so every command reaches the same database as `start`.
// All problems are reported together, naming flag, value and expectation (exit code 2).
import type { z } from 'zod';
import { fieldIssues } from '../core/zod-issues';
import { UsageError } from './command';

export type FlagKind = 'string' | 'boolean';

export interface ParsedFlags {
  values: Record<string, string | boolean>;
  /** Tokens for the config parser. */
  rest: string[];
}

export function splitFlags(argv: readonly string[], own: Record<string, FlagKind>): ParsedFlags {
  const values: Record<string, string | boolean> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.indexOf('=');
    const name = token.startsWith('--') ? token.slice(2, eq === -1 ? undefined : eq) : undefined;
    const kind = name ? own[name] : undefined;
    if (!name || !kind) {
      rest.push(token);
      continue;
    }
    if (kind === 'boolean') values[name] = eq === -1 ? true : switchValue(name, token.slice(eq + 1));
    else if (eq !== -1) values[name] = token.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) values[name] = argv[++i]!;
    else values[name] = '';
  }
  return { values, rest };
}

const SWITCH_VALUES: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

/** `--flag=value` for a yes/no flag: true/yes/1 or false/no/0, anything else is refused. */
function switchValue(name: string, value: string): boolean {
  const on = SWITCH_VALUES[value.toLowerCase()];
  if (on === undefined)
    throw new UsageError(
      `invalid options:\n  --${name}: got ${JSON.stringify(value)}, expected no value (a switch), or true/false`,
    );
  return on;
}

/** Validates flags, or throws a UsageError listing every problem as `--flag: got …, expected …`. */
export function validateFlags<S extends z.ZodType>(schema: S, values: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const lines = fieldIssues(result.error.issues, values).map((issue) => {
    const given = issue.value === undefined ? 'nothing' : JSON.stringify(issue.value);
    return `  --${issue.path}: got ${given}, expected ${issue.expected}`;
  });
  throw new UsageError(`invalid options:\n${lines.join('\n')}`);
}
