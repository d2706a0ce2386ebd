import { describe, expect, it } from 'vitest';
import type { BacktestStats } from '../engine/index';
import { statsToJson } from './stats-json';

describe('statsToJson', () => {
  it('keeps numbers, makes NaN null, and names infinities', () => {
    const stats = { sharpe: 1.5, sortino: NaN, profitFactor: Infinity, largestLoss: -Infinity, trades: 3 };
    expect(statsToJson(stats as unknown as BacktestStats)).toMatchObject({
      sharpe: 1.5,
      sortino: null,
      profitFactor: 'Infinity',
      largestLoss: '-Infinity',
      trades: 3,
    });
  });
});
