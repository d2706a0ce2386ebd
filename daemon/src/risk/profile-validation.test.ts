import { describe, expect, it } from 'vitest';
import { compileProfile, rupeesOf } from './compiled-profile';
import { LIMIT_KEYS } from './limits';
import { PRESETS, PRESET_NAMES } from './presets';
import { parseProfile, validateProfile } from './profile-validation';

function problems(input: unknown): string[] {
  const r = validateProfile(input);
  if (r.ok) return [];
  return r.issues.map((i) => `${i.path}: ${i.expected}`);
}

describe('risk profile validation', () => {
  it('accepts every preset as it stands, and each sets every limit', () => {
    for (const name of PRESET_NAMES) {
      const doc = parseProfile(PRESETS[name]);
      expect(Object.keys(doc.limits).sort()).toEqual([...LIMIT_KEYS].sort());
    }
  });

  it('fills the limits a profile leaves out from the preset it extends', () => {
    const doc = parseProfile({
      extends: 'moderate',
      limits: { maxOrderQty: 10 },
      soft: { maxLeverage: 1.5 },
    });
    expect(doc.extends).toBe('moderate');
    expect(doc.limits.maxOrderQty).toBe(10);
    expect(doc.limits.dailyLossHalt).toBe(PRESETS.moderate.limits.dailyLossHalt);
    expect(doc.soft).toMatchObject({ maxLeverage: 1.5, maxGrossExposure: '160%' });
  });

  it('reports every problem at once: negative, missing, unknown names, contradictions', () => {
    const found = problems({
      limits: {
        maxOrderQty: -5,
        maxOrderValue: '5 lakh',
        maxPositionVal: 100,
        dailyLossReduce: '3%',
        dailyLossHalt: '2%',
        maxOrdersPerSecond: 20,
        maxOrdersPerMinute: 10,
        squareOffTime: '25:00',
      },
      soft: { maxGrossExposure: '300%', maxGross: 1 },
      disabledRules: ['price_collar', 'no_such_rule', 'kill_switch'],
      colour: 'red',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'colour: a known field (extends, limits, soft, disabledRules, flattenOnHalt)',
        'limits.maxOrderQty: a number > 0',
        expect.stringMatching(/^limits\.maxOrderValue: rupees \(a number > 0\) or a share of capital/),
        expect.stringMatching(/^limits\.maxPositionVal: a known limit name \(maxOrderQty, /),
        'limits.squareOffTime: a time HH:MM (IST), 00:00 to 23:59',
        expect.stringMatching(/^soft\.maxGross: a known soft limit name/),
        expect.stringMatching(/^disabledRules\[1\]: a rule name \(kill_switch, /),
        expect.stringMatching(/^disabledRules\[2\]: a rule that may be switched off \(/),
        'limits.dailyLossReduce: at most limits.dailyLossHalt (2% of capital): trading turns REDUCING before it halts',
        'limits.maxOrdersPerSecond: at most limits.maxOrdersPerMinute (10): a minute holds every second of it',
        expect.stringMatching(/^limits\.maxPositionValue: a limit \(money: /),
        expect.stringMatching(/^limits\.drawdownHalt: a limit \(money: /),
      ]),
    );
    expect(found).toHaveLength(20);
  });

  it('refuses a soft limit above its hard limit, in the same unit', () => {
    expect(problems({ extends: 'conservative', soft: { maxGrossExposure: '120%' } })).toEqual([
      'soft.maxGrossExposure: at most the hard limit limits.maxGrossExposure (100% of capital): a warning comes before the denial',
    ]);
    expect(problems({ extends: 'conservative', soft: { maxGrossExposure: '100%' } })).toEqual([]);
  });

  it('names an unknown preset and a non-object', () => {
    expect(problems({ extends: 'reckless' })).toContain(
      'extends: a preset (conservative, moderate, aggressive)',
    );
    expect(problems(42)).toEqual([': an object with extends, limits, soft, disabledRules, flattenOnHalt']);
  });

  it('throws one VALIDATION_FAILED whose message names field, value and expectation', () => {
    expect(() => parseProfile({ extends: 'moderate', limits: { maxOrderQty: 0 } })).toThrow(
      'invalid risk profile: limits.maxOrderQty: got 0, expected a number > 0',
    );
  });
});

describe('compiled profiles', () => {
  it('resolves a share of capital against the funds figure, and rupees as they are', () => {
    const p = compileProfile(parseProfile({ extends: 'moderate' }), { profileId: 1, version: 2, name: 'm' });
    expect(rupeesOf(p.dailyLossHalt, 1_000_000)).toBe(30_000);
    expect(rupeesOf(p.maxOrderValue, 1_000_000)).toBe(500_000);
    expect(rupeesOf(p.dailyLossHalt, NaN)).toBeNaN();
    expect(p.squareOffMinute).toBe(15 * 60 + 15);
    expect(p.needsCapital).toBe(true);
    expect(p.enabled.price_collar).toBe(true);
  });

  it('a profile in rupees with concentration off needs no funds figure', () => {
    const doc = parseProfile({
      extends: 'moderate',
      limits: {
        maxGrossExposure: 5e6,
        maxNetExposure: 5e6,
        dailyLossReduce: 2e4,
        dailyLossHalt: 3e4,
        drawdownReduce: 3e4,
        drawdownHalt: 5e4,
      },
      soft: { maxGrossExposure: 4e6, dailyLossHalt: 2.5e4, maxVar99: 5e4 },
      disabledRules: ['max_concentration'],
    });
    expect(compileProfile(doc, { profileId: 1, version: 1, name: 'r' }).needsCapital).toBe(false);
  });
});
