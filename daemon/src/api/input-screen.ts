// A first look at every procedure's raw input, before its zod schema: two things no schema of ours
// should have to repeat and that once ended in a 500. NUL characters (PostgreSQL's text cannot
// hold them: the insert failed inside the database), and nesting deeper than any procedure takes
// (a schema walking 10,000 levels overflows the stack). Iterative, so the check itself cannot.
import type { FieldIssue } from '../core/errors';
import { formatPath } from '../core/zod-issues';

/** No procedure's input is nested anywhere near this deep. */
export const MAX_INPUT_DEPTH = 32;

export function screenInput(input: unknown): FieldIssue | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        return {
          path: formatPath(path),
          value: value.replaceAll('\u0000', '\\u0000'),
          expected: 'text without NUL (\\u0000) characters',
        };
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      return { path: formatPath(path), expected: `input nested at most ${MAX_INPUT_DEPTH} levels deep` };
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) {
        return {
          path: formatPath(path),
          value: key.replaceAll('\u0000', '\\u0000'),
          expected: 'field names without NUL (\\u0000) characters',
        };
      }
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return undefined;
}
