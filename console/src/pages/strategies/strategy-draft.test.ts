import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../forms/json-schema';
import { checkDraft, costsInput, type StrategyDraft } from './strategy-draft';

const params: JsonSchema = { type: 'object', properties: { fast: { type: 'integer', minimum: 1 } } };
const draft: StrategyDraft = {
  name: 'Nifty trend',
  description: '',
  template: 'sma-cross',
  params: { fast: 10 },
  symbols: ['RELIANCE', 'NSE:TCS'],
  timeframe: '1d',
  costs: { model: 'india-delivery' },
};

describe('checkDraft', () => {
  it('accepts a complete draft', () => {
    expect(checkDraft(draft, params)).toEqual([]);
  });

  it('names every bad field with the value and what was expected', () => {
    const issues = checkDraft(
      {
        ...draft,
        name: ' ',
        params: { fast: 0 },
        symbols: ['BAD SYMBOL'],
        costs: { model: 'percent', rate: 0.5 },
      },
      params,
    );
    expect(issues.map((i) => i.message)).toEqual([
      'name: got "", expected at least 1 characters',
      'params.fast: got 0, expected an integer ≥ 1',
      'universe.symbols[0]: got "BAD SYMBOL", expected text matching ^[A-Za-z0-9:&._\\-^]+$',
      'costs.rate: got 0.5, expected a number ≥ 0 and ≤ 0.1',
    ]);
  });

  it('requires at least one symbol', () => {
    expect(checkDraft({ ...draft, symbols: [] }, params)[0]!.path).toBe('universe.symbols');
  });
});

describe('costsInput', () => {
  it('sends only the fields of the chosen model', () => {
    expect(costsInput({ model: 'percent', rate: 0.0003, rupees: 20 })).toEqual({
      model: 'percent',
      rate: 0.0003,
    });
    expect(costsInput({ model: 'flat', rupees: 20 })).toEqual({ model: 'flat', rupees: 20 });
    expect(costsInput({ model: 'none', rate: 1 })).toEqual({ model: 'none' });
  });
});
