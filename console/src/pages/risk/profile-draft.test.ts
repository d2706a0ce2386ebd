import { describe, expect, it } from 'vitest';
import { documentOf, draftOfProfile, EMPTY_PROFILE, parseLimit } from './profile-draft';

const catalogue = {
  limits: {
    maxOrderValue: { unit: 'money' },
    maxOrderQty: { unit: 'count' },
    priceCollarPercent: { unit: 'percent' },
    squareOffTime: { unit: 'time' },
  },
  softLimits: { maxLeverage: { unit: 'ratio' } },
};

describe('profile draft', () => {
  it('reads each limit by its unit', () => {
    expect(parseLimit('money', '250000')).toBe(250000);
    expect(parseLimit('money', '2.5%')).toBe('2.5%');
    expect(parseLimit('count', '12')).toBe(12);
    expect(parseLimit('count', '1.5')).toBeUndefined();
    expect(parseLimit('percent', '5')).toBe(5);
    expect(parseLimit('percent', '5%')).toBeUndefined();
    expect(parseLimit('time', '15:15')).toBe('15:15');
    expect(parseLimit('time', '25:00')).toBeUndefined();
    expect(parseLimit('money', '0')).toBeUndefined();
  });

  it('builds the document over a preset, leaving empty fields to it', () => {
    const draft = {
      ...EMPTY_PROFILE,
      name: 'desk',
      limits: { maxOrderValue: '250000', maxOrderQty: '' },
      soft: { maxLeverage: '1.5' },
      disabledRules: ['stale_price'],
    };
    expect(documentOf(draft, catalogue)).toEqual({
      document: {
        extends: 'moderate',
        limits: { maxOrderValue: 250000 },
        soft: { maxLeverage: 1.5 },
        disabledRules: ['stale_price'],
        flattenOnHalt: false,
      },
      issues: [],
    });
  });

  it('names every problem: the field, the value and what fits', () => {
    const draft = { ...EMPTY_PROFILE, extends: '', limits: { maxOrderQty: 'lots', squareOffTime: '3pm' } };
    const { issues } = documentOf(draft, catalogue);
    expect(issues.map((i) => i.message)).toEqual([
      'name: expected a name',
      'maxOrderQty: got "lots", expected a whole number above 0',
      'squareOffTime: got "3pm", expected an IST time HH:MM (15:15)',
      'extends: without a preset every limit must be given (missing maxOrderValue, maxOrderQty, priceCollarPercent, squareOffTime)',
    ]);
  });

  it('round-trips a stored document into the editor', () => {
    const draft = draftOfProfile('desk', {
      extends: 'moderate',
      limits: { dailyLossHalt: '2.5%' },
      soft: {},
      disabledRules: [],
      flattenOnHalt: true,
    });
    expect(draft).toMatchObject({ name: 'desk', limits: { dailyLossHalt: '2.5%' }, flattenOnHalt: true });
  });
});
