// Turns zod issues into FieldIssues (path, value given, what was expected), so that every bad
// input — config, CLI flags, tRPC input — is reported the same way (core/errors.ts).
import type { z } from 'zod';
import { validationError, type AppError, type FieldIssue } from '../core/errors';

type Issue = z.core.$ZodIssue;

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
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `a.b[2].c` from a zod path. */
export function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

// Values of these fields are never echoed back in an error (they would reach logs and screens).
const SECRET_FIELD = /password|token|secret|credential/i;

export function fieldIssues(issues: readonly Issue[], input: unknown): FieldIssue[] {
  return issues.map((issue) => {
    // A custom refinement's message is the author's own expectation ("to must be after from").
    const expected = issue.code === 'custom' ? issue.message : describeExpected(issue);
    const secret = issue.path.some((key) => typeof key === 'string' && SECRET_FIELD.test(key));
    const raw = issue.code === 'unrecognized_keys' ? undefined : valueAt(input, issue.path);
    const value = secret && raw !== undefined ? '(hidden)' : raw;
    return { path: formatPath(issue.path), value, expected };
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
