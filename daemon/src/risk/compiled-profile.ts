// A validated profile turned into what the gate reads on every order: plain numbers, money as
// rupees-or-share pairs, and a flag per rule. Compiled once when a profile (version) is loaded;
// the hot path then does no parsing, no lookups by name and no allocation.
import { LIMITS, toMinuteOfDay, toMoney, type LimitKey, type Money } from './limits';
import { PRESETS, PRESET_VERSION, type PresetName, type ProfileDocument } from './presets';
import { RULE_CODES, type RuleCode } from './rule-catalogue';

/** Which profile (and which version of it) a verdict used. */
export interface ProfileRef {
  /** The risk_profiles row; null for a built-in preset used directly (an unassigned account). */
  profileId: number | null;
  version: number;
  name: string;
}

/** A money limit compiled: rupees, or a percentage of capital (the other one NaN). */
export interface MoneyLimit {
  rupees: number;
  percent: number;
}

export interface CompiledProfile {
  readonly ref: ProfileRef;
  readonly document: ProfileDocument;
  readonly maxOrderQty: number;
  readonly maxOrderValue: MoneyLimit;
  readonly maxPositionValue: MoneyLimit;
  readonly maxGrossExposure: MoneyLimit;
  readonly maxNetExposure: MoneyLimit;
  readonly maxOpenPositions: number;
  readonly maxConcentrationPercent: number;
  readonly maxOrdersPerSecond: number;
  readonly maxOrdersPerMinute: number;
  readonly maxOrdersPerDay: number;
  readonly dailyLossReduce: MoneyLimit;
  readonly dailyLossHalt: MoneyLimit;
  readonly drawdownReduce: MoneyLimit;
  readonly drawdownHalt: MoneyLimit;
  readonly priceCollarPercent: number;
  readonly maxTickAgeMs: number;
  /** Minutes after IST midnight. */
  readonly squareOffMinute: number;
  readonly flattenOnHalt: boolean;
  /** enabled[code] is false when the profile switched the rule off. */
  readonly enabled: Readonly<Record<RuleCode, boolean>>;
  /** Whether any limit is a share of capital (then a missing funds figure fails closed). */
  readonly needsCapital: boolean;
}

function moneyLimit(m: Money): MoneyLimit {
  return 'rupees' in m ? { rupees: m.rupees, percent: NaN } : { rupees: NaN, percent: m.percent };
}

/** Rupees of a compiled money limit for `capital` (NaN for a share when capital is unknown). */
export function rupeesOf(limit: MoneyLimit, capital: number): number {
  return limit.percent === limit.percent ? (capital * limit.percent) / 100 : limit.rupees;
}

/** Compiles a document that validateProfile accepted. */
export function compileProfile(document: ProfileDocument, ref: ProfileRef): CompiledProfile {
  const l = document.limits;
  const money = (key: LimitKey) => moneyLimit(toMoney(l[key]));
  const enabled = Object.fromEntries(
    RULE_CODES.map((code) => [code, !document.disabledRules.includes(code)]),
  ) as Record<RuleCode, boolean>;
  const moneyKeys = (Object.keys(LIMITS) as LimitKey[]).filter((k) => LIMITS[k].unit === 'money');
  const needsCapital =
    moneyKeys.some((k) => enabled[LIMITS[k].rule] && typeof l[k] === 'string') || enabled.max_concentration;
  return {
    ref,
    document,
    maxOrderQty: l.maxOrderQty as number,
    maxOrderValue: money('maxOrderValue'),
    maxPositionValue: money('maxPositionValue'),
    maxGrossExposure: money('maxGrossExposure'),
    maxNetExposure: money('maxNetExposure'),
    maxOpenPositions: l.maxOpenPositions as number,
    maxConcentrationPercent: l.maxConcentrationPercent as number,
    maxOrdersPerSecond: l.maxOrdersPerSecond as number,
    maxOrdersPerMinute: l.maxOrdersPerMinute as number,
    maxOrdersPerDay: l.maxOrdersPerDay as number,
    dailyLossReduce: money('dailyLossReduce'),
    dailyLossHalt: money('dailyLossHalt'),
    drawdownReduce: money('drawdownReduce'),
    drawdownHalt: money('drawdownHalt'),
    priceCollarPercent: l.priceCollarPercent as number,
    maxTickAgeMs: (l.maxTickAgeSeconds as number) * 1000,
    squareOffMinute: toMinuteOfDay(l.squareOffTime),
    flattenOnHalt: document.flattenOnHalt,
    enabled,
    needsCapital,
  };
}

/** A preset used directly, as for an account with no profile assigned. */
export function compilePreset(name: PresetName): CompiledProfile {
  return compileProfile(
    { ...PRESETS[name], extends: name },
    { profileId: null, version: PRESET_VERSION, name: `preset:${name}` },
  );
}
