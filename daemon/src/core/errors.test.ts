import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, validationError } from './errors';

describe('error catalogue', () => {
  it('keys equal their codes', () => {
    for (const [key, entry] of Object.entries(ERRORS)) expect(entry.code).toBe(key);
  });

  it('validation errors name the field, the value and what was expected', () => {
    const err = validationError([
      { path: 'params.fast', value: -3, expected: 'an integer >= 1' },
      { path: 'cash', expected: 'a positive number' },
    ]);
    expect(err).toBeInstanceOf(AppError);
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe(
      'invalid input: params.fast: got -3, expected an integer >= 1; cash: got missing, expected a positive number',
    );
  });

  it('echoes at most a bounded prefix of a long value, in the message and in the details', () => {
    const long = 'x'.repeat(1_000_000);
    const nested = { list: Array.from({ length: 10_000 }, (_, i) => i) };
    const err = validationError([
      { path: 'email', value: long, expected: 'an email address' },
      { path: 'body', value: nested, expected: 'a string' },
    ]);
    expect(err.message.length).toBeLessThan(600);
    expect(err.message).toContain(
      `email: got "${'x'.repeat(100)}… (1000000 characters)", expected an email address`,
    );
    expect(err.message).toMatch(
      /body: got "\{\\"list\\":\[0,1,2,.*… \(\d+ characters of JSON\)", expected a string/,
    );
    const issues = err.details!.issues as { value: unknown }[];
    expect(JSON.stringify(issues).length).toBeLessThan(600);
  });

  it('lists at most 20 issues and counts the rest', () => {
    const err = validationError(
      Array.from({ length: 5000 }, (_, i) => ({ path: `list[${i}]`, value: 'x', expected: 'a number' })),
    );
    expect(err.message).toMatch(/list\[19\]: got "x", expected a number; … and 4980 more problems$/);
    expect(err.details).toMatchObject({ moreIssues: 4980 });
    expect((err.details!.issues as unknown[]).length).toBe(20);
  });
});
