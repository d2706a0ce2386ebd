import { describe, expect, it } from 'vitest';
import {
  cellTextFor,
  formatBytes,
  formatIst,
  formatIstSeconds,
  formatNumber,
  formatRupeesCompact,
} from './cell-text';

describe('number and time formats', () => {
  it('groups digits the Indian way and compacts to lakh and crore', () => {
    expect(formatNumber(1234567.891)).toBe('12,34,567.89');
    expect(formatRupeesCompact(1067160.62)).toBe('₹10.67 L');
    expect(formatRupeesCompact(-125_000_000)).toBe('-₹12.50 Cr');
    expect(formatRupeesCompact(-8105.7)).toBe('-₹8,105.70');
    expect(formatRupeesCompact(8105.73)).toBe('₹8,105.73');
  });

  it('shows times in IST, and daily bars as dates', () => {
    expect(formatIst('2024-04-28T18:30:00.000Z')).toBe('2024-04-29');
    expect(formatIst(Date.UTC(2024, 4, 1, 3, 45))).toBe('2024-05-01 09:15');
    // Log times keep their seconds, and midnight too (an instant, not a daily bar).
    expect(formatIstSeconds('2024-04-28T18:30:00.000Z')).toBe('2024-04-29 00:00:00');
    expect(formatIstSeconds(Date.UTC(2024, 4, 1, 3, 45, 7))).toBe('2024-05-01 09:15:07');
    expect(formatIstSeconds('not a time')).toBe('not a time');
    expect(formatIst('not a time')).toBe('not a time');
  });

  it('shows database instants in IST', () => {
    expect(cellTextFor('2024-05-01T03:45:07.000Z', 'timestamptz')).toBe('2024-05-01 09:15:07');
    expect(cellTextFor('2024-05-01T03:45:07.000Z', 'timestamp with time zone')).toBe('2024-05-01 09:15:07');
    expect(cellTextFor('2024-05-01T03:45:07.000Z', 'text')).toBe('2024-05-01T03:45:07.000Z');
    expect(cellTextFor(null, 'timestamptz')).toBe('∅');
  });

  it('sizes bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(8192)).toBe('8.0 kB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GB');
  });
});
