// The three preset profiles, with the numbers docs/risk.md documents. Money limits that should
// scale with the account are shares of capital; per-order caps and the position cap are rupees,
// so a large account does not get a large single order by default. A preset changes only with a
// release (PRESET_VERSION); profiles built on one store its numbers, so a later release never
// moves a saved profile's limits under it.
import type { LimitKey, LimitValue, SoftLimitKey } from './limits';
import type { RuleCode } from './rule-catalogue';

export const PRESET_NAMES = ['conservative', 'moderate', 'aggressive'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Bumped whenever a preset's numbers change, so verdicts say which numbers they used. */
export const PRESET_VERSION = 1;

export interface ProfileDocument {
  /** The preset the profile started from (missing limits are taken from it). */
  extends?: PresetName;
  limits: Record<LimitKey, LimitValue>;
  soft: Partial<Record<SoftLimitKey, LimitValue>>;
  disabledRules: RuleCode[];
  /** When a loss limit halts trading, also close the positions (not only cancel open orders). */
  flattenOnHalt: boolean;
}

export const PRESETS: Readonly<Record<PresetName, ProfileDocument>> = {
  conservative: {
    limits: {
      maxOrderQty: 500,
      maxOrderValue: 100_000,
      maxPositionValue: 200_000,
      maxGrossExposure: '100%',
      maxNetExposure: '100%',
      maxOpenPositions: 5,
      maxConcentrationPercent: 20,
      maxOrdersPerSecond: 2,
      maxOrdersPerMinute: 20,
      maxOrdersPerDay: 50,
      dailyLossReduce: '1%',
      dailyLossHalt: '2%',
      drawdownReduce: '1.5%',
      drawdownHalt: '2.5%',
      priceCollarPercent: 3,
      maxTickAgeSeconds: 10,
      squareOffTime: '15:10',
    },
    soft: {
      maxGrossExposure: '80%',
      maxConcentrationPercent: 15,
      dailyLossHalt: '1.5%',
      maxLeverage: 1,
      maxVar99: '3%',
    },
    disabledRules: [],
    flattenOnHalt: false,
  },
  moderate: {
    limits: {
      maxOrderQty: 2000,
      maxOrderValue: 500_000,
      maxPositionValue: 1_000_000,
      maxGrossExposure: '200%',
      maxNetExposure: '150%',
      maxOpenPositions: 10,
      maxConcentrationPercent: 30,
      maxOrdersPerSecond: 5,
      maxOrdersPerMinute: 60,
      maxOrdersPerDay: 200,
      dailyLossReduce: '2%',
      dailyLossHalt: '3%',
      drawdownReduce: '3%',
      drawdownHalt: '5%',
      priceCollarPercent: 5,
      maxTickAgeSeconds: 30,
      squareOffTime: '15:15',
    },
    soft: {
      maxGrossExposure: '160%',
      maxConcentrationPercent: 25,
      dailyLossHalt: '2.5%',
      maxLeverage: 2,
      maxVar99: '5%',
    },
    disabledRules: [],
    flattenOnHalt: false,
  },
  aggressive: {
    limits: {
      maxOrderQty: 10_000,
      maxOrderValue: 2_000_000,
      maxPositionValue: 5_000_000,
      maxGrossExposure: '400%',
      maxNetExposure: '300%',
      maxOpenPositions: 25,
      maxConcentrationPercent: 50,
      maxOrdersPerSecond: 10,
      maxOrdersPerMinute: 200,
      maxOrdersPerDay: 1000,
      dailyLossReduce: '4%',
      dailyLossHalt: '6%',
      drawdownReduce: '6%',
      drawdownHalt: '10%',
      priceCollarPercent: 10,
      maxTickAgeSeconds: 60,
      squareOffTime: '15:20',
    },
    soft: {
      maxGrossExposure: '320%',
      maxConcentrationPercent: 40,
      dailyLossHalt: '5%',
      maxLeverage: 4,
      maxVar99: '10%',
    },
    disabledRules: [],
    flattenOnHalt: false,
  },
};

/** The profile used for an account that has none assigned: the strictest preset. */
export const DEFAULT_PRESET: PresetName = 'conservative';

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
