import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { fieldIssues, formatPath, parseOrThrow } from './zod-issues';

const params = z.strictObject({
  fast: z.int().min(1).default(10),
  side: z.enum(['buy', 'sell']).default('buy'),
  venue: z.literal('NSE').default('NSE'),
});

function issuesOf(schema: z.ZodType, input: unknown, options?: Parameters<typeof fieldIssues>[2]) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failed parse');
  return fieldIssues(result.error.issues, input, options);
}

describe('fieldIssues', () => {
  it('names each field, the value given and what was expected', () => {
    expect(issuesOf(params, { fast: 0, side: 'hold', venue: 'BSE' })).toEqual([
      { path: 'fast', value: 0, expected: 'a number >= 1' },
      { path: 'side', value: 'hold', expected: 'one of "buy", "sell"' },
      { path: 'venue', value: 'BSE', expected: '"NSE"' },
    ]);
  });

  it('prefixes paths and reports each unknown key against the known ones when told them', () => {
    const input = { fast: 2.5, colour: 'red' };
    expect(issuesOf(params, input, { prefix: 'params', known: ['fast', 'side', 'venue'] })).toEqual([
      { path: 'params.fast', value: 2.5, expected: 'an integer' },
      { path: 'params.colour', value: 'red', expected: 'a known field (fast, side, venue)' },
    ]);
  });

  it('lists unknown keys in one issue when the known fields are not given', () => {
    expect(issuesOf(params, { colour: 'red', size: 1 })).toEqual([
      { path: '', expected: 'no unknown keys (unknown: colour, size)' },
    ]);
  });

  it('formats array indexes and hides the values of secret-looking fields', () => {
    const schema = z.object({ users: z.array(z.object({ password: z.string().min(12) })) });
    expect(issuesOf(schema, { users: [{ password: 'short' }] })).toEqual([
      { path: 'users[0].password', value: '(hidden)', expected: 'a string of length >= 12' },
    ]);
    expect(formatPath([0, 'a'], 'list')).toBe('list[0].a');
  });

  it("uses a refinement's own message as the expectation", () => {
    const range = z.object({ from: z.number(), to: z.number() }).refine((r) => r.to > r.from, {
      message: 'to after from',
      path: ['to'],
    });
    expect(issuesOf(range, { from: 2, to: 1 })).toEqual([
      { path: 'to', value: 1, expected: 'to after from' },
    ]);
  });
});

describe('parseOrThrow', () => {
  it('returns the parsed value, or throws VALIDATION_FAILED naming every problem', () => {
    expect(parseOrThrow(params, {})).toEqual({ fast: 10, side: 'buy', venue: 'NSE' });
    let error: unknown;
    try {
      parseOrThrow(params, { fast: -1, side: 1 }, 'order');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).message).toBe(
      'invalid order: fast: got -1, expected a number >= 1; side: got 1, expected one of "buy", "sell"',
    );
  });
});
