// The checks a command's input passes before its run() is called, so that no command opens a
// database, reads a bar store or starts a server for a command line that was wrong: input files
// exist and are readable, and option values satisfy the command's schema. Each problem names
// the flag (or argument), the value given and what was expected.
import { accessSync, constants, statSync } from 'node:fs';
import type { z } from 'zod';
import { fieldIssues } from '../core/zod-issues';
import type { Command, OptionSpecs } from './command';

/** Why `path` cannot be read as an input file, or undefined when it can. */
export function unreadableFile(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'a directory';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return code ?? String(err);
  }
}

function fileProblem(label: string, path: string): string | undefined {
  const why = unreadableFile(path);
  return why && `${label}: got ${JSON.stringify(path)}, expected a readable file (${why})`;
}

/** Problems with the input files named by options and arguments declared `input: 'file'`. */
export function inputFileProblems(
  command: Command,
  values: Record<string, unknown>,
  args: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    if (spec.type !== 'string' || spec.input !== 'file') continue;
    const given = values[name];
    for (const path of Array.isArray(given) ? given : given === undefined ? [] : [given])
      problems.push(fileProblem(`--${name}`, String(path)) ?? '');
  }
  (command.args ?? []).forEach((spec, i) => {
    const paths = spec.variadic ? args.slice(i) : args[i] === undefined ? [] : [args[i]!];
    if (spec.input === 'file') for (const path of paths) problems.push(fileProblem(spec.name, path) ?? '');
  });
  return problems.filter(Boolean);
}

/**
 * Runs the schema; returns its output or the problems, each as `--flag: got …, expected …`. A
 * required option that was not given is described by its own help line (`--name: got nothing,
 * expected the strategy's name (--name NAME)`), which says more than the schema's "a string".
 */
export function validateOptions(
  schema: z.ZodType,
  values: Record<string, unknown>,
  options: OptionSpecs = {},
): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const problems = fieldIssues(result.error.issues, values).map((issue) => {
    if (issue.value === undefined && issue.path && Object.hasOwn(options, issue.path)) {
      const spec = options[issue.path]!;
      const form = spec.type === 'string' ? `--${issue.path} ${spec.value}` : `--${issue.path}`;
      return `--${issue.path}: got nothing, expected ${spec.describe.split('\n').join(' ')} (${form})`;
    }
    const given = issue.value === undefined ? 'nothing' : JSON.stringify(issue.value);
    return `${issue.path ? `--${issue.path}` : 'options'}: got ${given}, expected ${issue.expected}`;
  });
  return { ok: false, problems };
}
