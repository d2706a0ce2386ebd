import { describe, expect, it } from 'vitest';
import {
  effectiveLimits,
  limitGauges,
  resolveMoney,
  type ProfileDocument,
  type SnapshotFigures,
} from './limit-usage';

const presets: Record<string, ProfileDocument> = {
  conservative: {
    limits: {
      maxGrossExposure: '100%',
      maxNetExposure: '100%',
      maxOpenPositions: 5,
      dailyLossHalt: '2%',
      drawdownHalt: '2.5%',
    },
    soft: { maxVar99: '3%' },
    disabledRules: [],
  },
};

const snapshot: SnapshotFigures = {
  gross: 850_000,
  net: -300_000,
  openPositions: 5,
  capital: 1_000_000,
  dayPnl: -25_000,
  intradayDrawdown: 10_000,
  var99: 12_000,
};

describe('limit gauges', () => {
  it('resolves money limits written as rupees or a share of capital', () => {
    expect(resolveMoney(250_000, null)).toBe(250_000);
    expect(resolveMoney('2%', 1_000_000)).toBe(20_000);
    expect(resolveMoney('2.5%', 1_000_000)).toBe(25_000);
    expect(resolveMoney('2%', null)).toBeUndefined();
    expect(resolveMoney('two', 1_000_000)).toBeUndefined();
  });

  it("overrides the preset's limits with the profile's own", () => {
    const doc = { extends: 'conservative', limits: { maxOpenPositions: 8 }, soft: {}, disabledRules: [] };
    expect(effectiveLimits(doc, presets)).toMatchObject({ maxOpenPositions: 8, dailyLossHalt: '2%' });
  });

  it('measures each limit and grades it: under 80 % ok, from 80 % warn, at the limit bad', () => {
    const doc = { extends: 'conservative', limits: {}, soft: {}, disabledRules: [] };
    const byKey = new Map(limitGauges(doc, presets, snapshot).map((g) => [g.key, g]));
    expect(byKey.get('maxGrossExposure')).toMatchObject({ used: 850_000, limit: 1_000_000, level: 'warn' });
    expect(byKey.get('maxNetExposure')).toMatchObject({ used: 300_000, ratio: 0.3, level: 'ok' });
    expect(byKey.get('maxOpenPositions')).toMatchObject({ used: 5, limit: 5, level: 'bad' });
    // A loss of ₹25,000 against a halt at 2 % of ₹10 L (₹20,000): past the limit.
    expect(byKey.get('dailyLossHalt')).toMatchObject({ used: 25_000, limit: 20_000, level: 'bad' });
    expect(byKey.get('drawdownHalt')).toMatchObject({ used: 10_000, limit: 25_000, level: 'ok' });
    expect(byKey.get('maxVar99')).toMatchObject({ used: 12_000, limit: 30_000, level: 'ok' });
  });

  it('counts a day in profit as no loss, and says unknown where capital or a figure is missing', () => {
    const doc = { extends: 'conservative', limits: {}, soft: {}, disabledRules: ['drawdown'] };
    const gauges = limitGauges(doc, presets, {
      ...snapshot,
      dayPnl: 5_000,
      capital: null,
      intradayDrawdown: null,
    });
    const byKey = new Map(gauges.map((g) => [g.key, g]));
    expect(byKey.get('dailyLossHalt')).toMatchObject({ used: 0, limit: undefined, level: 'unknown' });
    expect(byKey.get('maxOpenPositions')).toMatchObject({ level: 'bad' });
    expect(byKey.get('drawdownHalt')).toMatchObject({ off: true, level: 'unknown' });
  });
});
