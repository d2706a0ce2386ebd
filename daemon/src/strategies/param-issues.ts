// Zod problems in the catalogue's words: which field, the value given, what was expected
// (`params.fast: got 0, expected a number >= 1`). Strategy parameters and backtest specs are flat
// objects of numbers, strings, booleans and enums, so only those issue kinds get bespoke wording.
import type { z } from 'zod';
import type { FieldIssue } from '../core/errors';

type Issue = z.core.$ZodIssue;

function expected(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
    case 'too_small':
      return `a number ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `a number ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
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

/**
 * FieldIssues for a failed parse of `input`; paths are prefixed with `prefix` (`params`), and an
 * unknown key is reported with the list of known ones.
 */
export function fieldIssues(
  issues: readonly Issue[],
  input: unknown,
  prefix: string,
  known: readonly string[],
): FieldIssue[] {
  const out: FieldIssue[] = [];
  const join = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        out.push({
          path: join(path),
          value: valueAt(input, path),
          expected: `a known field (${known.join(', ')})`,
        });
      }
      continue;
    }
    out.push({
      path: join(issue.path) || '(root)',
      value: valueAt(input, issue.path),
      expected: expected(issue),
    });
  }
  return out;
}
