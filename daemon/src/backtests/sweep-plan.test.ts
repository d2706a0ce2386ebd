import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { planPoints } from './sweep-plan';

describe('planPoints', () => {
  it('expands every combination over the base params, first parameter slowest', () => {
    const { points, skipped } = planPoints('sma-cross', { size: 7 }, { fast: [2, 3], slow: [10, 20] });
    expect(skipped).toBe(0);
    expect(points.map((p) => p.values)).toEqual([
      { fast: 2, slow: 10 },
      { fast: 2, slow: 20 },
      { fast: 3, slow: 10 },
      { fast: 3, slow: 20 },
    ]);
    expect(points.map((p) => p.point)).toEqual([0, 1, 2, 3]);
    expect(points[3]!.params).toEqual({ fast: 3, slow: 20, size: 7 });
  });

  it('skips combinations the template rejects, keeping grid indexes', () => {
    const { points, skipped } = planPoints('sma-cross', {}, { fast: [5, 30], slow: [20] });
    expect(skipped).toBe(1);
    expect(points.map((p) => [p.point, p.values.fast])).toEqual([[0, 5]]);
  });

  it('fails with the first rejection when nothing is valid', () => {
    expect(() => planPoints('sma-cross', {}, { fast: [30, 40], slow: [20] })).toThrow(
      /params\.fast: got 30, expected a fast period smaller than slow/,
    );
  });

  it('names a parameter the template does not have', () => {
    const err = (() => {
      try {
        planPoints('rsi-reversion', {}, { fast: [1] });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('VALIDATION_FAILED');
    expect(err!.message).toMatch(
      /^invalid input: grid\.fast: got \[1\], expected a parameter of rsi-reversion \(/,
    );
  });

  it('refuses a plan of more runs than allowed', () => {
    const many = Array.from({ length: 50 }, (_, i) => i + 1);
    expect(() => planPoints('sma-cross', {}, { fast: many, slow: many })).toThrow(
      /grid: got "2500 combinations/,
    );
    expect(() => planPoints('sma-cross', {}, { fast: many, slow: many.slice(0, 10) }, 5)).toThrow(
      /at most 2000 runs/,
    );
  });
});
