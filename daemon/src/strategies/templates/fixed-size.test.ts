import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { runBacktest } from '../../engine/backtest';
import { listTemplates } from '../registry';
import { randomWalk } from '../../../../test/fixtures/engine/bars';

const series = randomWalk(800, 4242);
const bars = new Map([[series.symbol, series]]);
const withSize = listTemplates().filter((t) => 'size' in t.defaults);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('the run was not refused');
}

describe('a fixed size must be a whole number of lots', () => {
  it('covers every template with a size parameter', () => {
    expect(withSize.map((t) => t.name).sort()).toEqual([
      'bollinger-reversion',
      'donchian-breakout',
      'ema-cross',
      'macd-cross',
      'rsi-reversion',
      'sma-cross',
      'supertrend',
    ]);
  });

  it.each(withSize.map((t) => t.name))('%s refuses its default size 100 with lot 75', (name) => {
    const err = refusal(() => runBacktest({ strategy: name, cash: 1e9, instrument: { lotSize: 75 } }, bars));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe(
      `invalid parameters for ${name}: params.size: got 100, expected a multiple of the lot size 75`,
    );
    expect(err.details?.issues).toEqual([
      { path: 'params.size', value: 100, expected: 'a multiple of the lot size 75' },
    ]);
  });

  it('trades a size of two lots', () => {
    const result = runBacktest(
      {
        strategy: 'sma-cross',
        params: { fast: 5, slow: 12, size: 150 },
        cash: 1e9,
        instrument: { lotSize: 75 },
      },
      bars,
    );
    const orders = result.orders.toArray();
    expect(result.trades.length).toBeGreaterThan(5);
    expect(result.trades.toArray().every((t) => t.qty === 150)).toBe(true);
    expect(orders.filter((o) => o.status === 'rejected')).toEqual([]);
  });

  it('accepts any size with lot 1 (cash equity)', () => {
    const result = runBacktest(
      { strategy: 'sma-cross', params: { fast: 5, slow: 12, size: 7 }, cash: 1e9 },
      bars,
    );
    expect(result.trades.toArray().every((t) => t.qty === 7)).toBe(true);
    expect(result.trades.length).toBeGreaterThan(5);
  });
});
