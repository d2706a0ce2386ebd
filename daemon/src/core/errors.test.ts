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
});
