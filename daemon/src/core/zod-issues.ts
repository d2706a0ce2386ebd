// Turns zod issues into FieldIssues (path, value given, what was expected), so that every bad
// input — config, CLI flags, tRPC input, strategy parameters, backtest specs — is reported the
// same way (errors.ts validationError). Pure: the strategies and the engine use it as well as
// the adapters.
import type { z } from 'zod';
import { validationError, type AppError, type FieldIssue } from './errors';

type Issue = z.core.$ZodIssue;

export interface FieldIssueOptions {
  /** Put before every path (`params` → `params.fast`). */
  prefix?: string;
  /**
   * The fields the input may have. When given, each unknown key is its own issue naming them
   * (`params.colour: got "red", expected a known field (fast, slow, size)`); otherwise one issue
   * lists the unknown keys.
   */
  known?: readonly string[];
}

function bound(issue: { origin?: string; inclusive?: boolean }, value: unknown, side: 'min' | 'max'): string {
  const op =
    side === 'min' ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  switch (issue.origin) {
    case 'string':
      return `a string of length ${op} ${String(value)}`;
    case 'array':
    case 'set':
      return `${op} ${String(value)} items`;
    case 'date':
      return `a date ${op} ${String(value)}`;
    default:
      return `a number ${op} ${String(value)}`;
  }
}

/** What the schema wanted, in words. */
export function describeExpected(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
    case 'too_small':
      return bound(issue, issue.minimum, 'min');
    case 'too_big':
      return bound(issue, issue.maximum, 'max');
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      // A regex given with a message (`.regex(re, 'an email address')`) says it in words.
      if (issue.format === 'regex' && !issue.message.startsWith('Invalid')) return issue.message;
      return issue.format === 'regex' && 'pattern' in issue
        ? `a string matching ${String(issue.pattern)}`
        : `a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `no unknown keys (unknown: ${issue.keys.join(', ')})`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'one of the allowed shapes';
    // A custom refinement's message is the author's own expectation ("to must be after from").
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `a.b[2].c` from a zod path, after `prefix` when given. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

// Values of these fields are never echoed back in an error (they would reach logs and screens).
const SECRET_FIELD = /password|token|secret|credential/i;

function issueAt(
  path: readonly PropertyKey[],
  input: unknown,
  expected: string,
  prefix?: string,
): FieldIssue {
  const secret = path.some((key) => typeof key === 'string' && SECRET_FIELD.test(key));
  const raw = valueAt(input, path);
  return {
    path: formatPath(path, prefix),
    value: secret && raw !== undefined ? '(hidden)' : raw,
    expected,
  };
}

/** FieldIssues for a failed parse of `input`. */
export function fieldIssues(
  issues: readonly Issue[],
  input: unknown,
  options: FieldIssueOptions = {},
): FieldIssue[] {
  const { prefix, known } = options;
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys')
      return [issueAt(issue.path, input, describeExpected(issue), prefix)];
    if (!known) return [{ path: formatPath(issue.path, prefix), expected: describeExpected(issue) }];
    const expected = `a known field (${known.join(', ')})`;
    return issue.keys.map((key) => issueAt([...issue.path, key], input, expected, prefix));
  });
}

/** Parses `input` with `schema`, or throws VALIDATION_FAILED naming every field, value and expectation. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, subject = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(fieldIssues(result.error.issues, input), subject);
}

export function zodValidationError(error: z.ZodError, input: unknown, subject = 'input'): AppError {
  return validationError(fieldIssues(error.issues, input), subject);
}
