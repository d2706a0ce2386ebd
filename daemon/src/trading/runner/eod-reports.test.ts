import { describe, expect, it } from 'vitest';
import { eodRetryDelay } from './eod-reports';

describe('eodRetryDelay', () => {
  it('doubles from the first delay and stops at the cap', () => {
    const retry = { firstMs: 5000, maxMs: 300_000 };
    expect([1, 2, 3, 4, 7, 8, 1000].map((a) => eodRetryDelay(retry, a))).toEqual([
      5000, 10_000, 20_000, 40_000, 300_000, 300_000, 300_000,
    ]);
  });
});
