import { describe, expect, it } from 'vitest';
import { formatStat } from './stats-table';

describe('formatStat', () => {
  it.each([
    [0.1234, 'percent', '12.34%'],
    [1234567.5, 'rupees', '₹12,34,567.50'],
    [-8105.73, 'rupees', '-₹8,105.73'],
    [1.23456, 'ratio', '1.23'],
    [Infinity, 'ratio', '∞'],
    [NaN, 'percent', 'n/a'],
    [Date.UTC(2025, 0, 2, 3, 45), 'date', '2025-01-02 09:15'],
    ['2022-01-03T00:00:00+05:30', 'date', '2022-01-03'],
    [3 * 86_400_000, 'duration', '3.0 days'],
    [undefined, 'count', '—'],
  ] as const)('%s as %s → %s', (value, unit, text) => {
    expect(formatStat(value, unit)).toBe(text);
  });
});
