import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { getTemplate, listTemplates, parseParams, requireTemplate } from './registry';

describe('template registry', () => {
  it('lists every template with its description, defaults and JSON Schema', () => {
    const list = listTemplates();
    expect(list.map((t) => t.name)).toEqual([
      'sma-cross',
      'ema-cross',
      'rsi-reversion',
      'bollinger-reversion',
      'macd-cross',
      'donchian-breakout',
      'supertrend',
      'buy-and-hold',
    ]);
    const byName = Object.fromEntries(list.map((t) => [t.name, t]));
    expect(byName['sma-cross']!.defaults).toEqual({ fast: 10, slow: 30, size: 100 });
    expect(byName['rsi-reversion']!.defaults).toEqual({ period: 14, lower: 30, upper: 70, size: 100 });
    expect(byName['bollinger-reversion']!.defaults).toEqual({ period: 20, k: 2, size: 100 });
    expect(byName['macd-cross']!.defaults).toEqual({ fast: 12, slow: 26, signal: 9, size: 100 });
    for (const t of list) {
      expect(t.description.length).toBeGreaterThan(20);
      expect(t.schema).toMatchObject({ type: 'object', additionalProperties: false });
      const properties = t.schema.properties as Record<string, { default: unknown; description: string }>;
      expect(Object.keys(properties)).toEqual(Object.keys(t.defaults));
      for (const [key, value] of Object.entries(t.defaults)) {
        expect(properties[key]!.default).toEqual(value);
        expect(properties[key]!.description).toBeTruthy();
      }
      expect(t.schema.required ?? []).toEqual([]);
    }
  });

  it('looks templates up by name', () => {
    expect(getTemplate('macd-cross')?.name).toBe('macd-cross');
    expect(getTemplate('nope')).toBeUndefined();
    expect(() => requireTemplate('nope')).toThrow(
      'strategy: got "nope", expected one of sma-cross, ema-cross',
    );
  });

  it('fills defaults and reports each bad parameter with its path, value and expectation', () => {
    const sma = requireTemplate('sma-cross');
    expect(parseParams(sma, { fast: 5 })).toEqual({ fast: 5, slow: 30, size: 100 });
    let error: unknown;
    try {
      parseParams(sma, { fast: 2.5, slow: 'x', colour: 'red' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).message).toBe(
      'invalid parameters for sma-cross: params.fast: got 2.5, expected an integer; params.slow: got "x", expected a number; params.colour: got "red", expected a known field (fast, slow, size)',
    );
    expect(() => parseParams(requireTemplate('rsi-reversion'), { lower: 80 })).toThrow(
      'params.lower: got 80, expected a lower level below upper',
    );
  });
});
