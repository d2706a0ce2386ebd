import { describe, expect, it } from 'vitest';
import { defaultsOf, labelFor, type JsonSchema } from './json-schema';
import { validate } from './schema-validate';

// Shaped like zod 4's toJSONSchema output for a template's parameters.
const params: JsonSchema = {
  type: 'object',
  properties: {
    fast: { type: 'integer', minimum: 1, maximum: 200, default: 10, description: 'fast SMA length' },
    slow: { type: 'integer', minimum: 2, default: 30 },
    stopLossPct: { anyOf: [{ type: 'number', exclusiveMinimum: 0, maximum: 50 }, { type: 'null' }] },
    side: { type: 'string', enum: ['long', 'short', 'both'], default: 'long' },
    symbols: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    risk: {
      type: 'object',
      properties: { maxPositions: { type: 'integer', minimum: 1, default: 3 } },
      required: ['maxPositions'],
    },
  },
  required: ['fast', 'slow', 'side', 'symbols'],
  additionalProperties: false,
} as JsonSchema;

describe('validate', () => {
  it('accepts a valid value', () => {
    expect(
      validate(params, {
        fast: 5,
        slow: 20,
        side: 'both',
        symbols: ['INFY'],
        stopLossPct: null,
        risk: { maxPositions: 2 },
      }),
    ).toEqual([]);
  });

  it('names the field, the value and what was expected', () => {
    const issues = validate(params, {
      fast: 0,
      slow: 2.5,
      side: 'sideways',
      symbols: [],
      stopLossPct: 0,
      risk: { maxPositions: 'x' },
    });
    expect(issues.map((i) => i.message)).toEqual([
      'fast: got 0, expected an integer ≥ 1 and ≤ 200',
      'slow: got 2.5, expected an integer ≥ 2',
      'stopLossPct: got 0, expected a number > 0 and ≤ 50',
      'side: got "sideways", expected one of "long", "short", "both"',
      'symbols: got [], expected at least 1 item(s)',
      'risk.maxPositions: got "x", expected an integer ≥ 1',
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      'fast',
      'slow',
      'stopLossPct',
      'side',
      'symbols',
      'risk.maxPositions',
    ]);
  });

  it('reports missing required fields', () => {
    expect(validate(params, { slow: 3, side: 'long', symbols: ['A'] })).toEqual([
      { path: 'fast', message: 'fast: required' },
    ]);
  });

  it('checks items of a list', () => {
    expect(validate(params, { fast: 1, slow: 3, side: 'long', symbols: ['A', ''] })[0]!.message).toBe(
      'symbols[1]: got "", expected at least 1 characters',
    );
  });
});

describe('schema helpers', () => {
  it('collects defaults, nested ones too', () => {
    expect(defaultsOf(params)).toEqual({ fast: 10, slow: 30, side: 'long', risk: { maxPositions: 3 } });
  });

  it('turns property names into labels', () => {
    expect(labelFor('stopLossPct', {})).toBe('Stop loss pct');
    expect(labelFor('max_positions', {})).toBe('Max positions');
    expect(labelFor('x', { title: 'Given' })).toBe('Given');
  });
});
