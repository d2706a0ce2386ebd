// Validates a risk profile document and reports every problem at once: unknown fields, limit
// names and rule names, missing or negative limits, and limits that contradict each other (a
// soft limit above its hard one, REDUCING after HALTED, a per-second rate above the per-minute
// one). Each limit is checked by its unit's zod schema; the cross-field checks run on the limits
// that are individually valid, so one typo does not hide the rest.
import { validationError, type AppError, type FieldIssue } from '../core/errors';
import { fieldIssues } from '../core/zod-issues';
import {
  LIMITS,
  LIMIT_KEYS,
  SOFT_LIMITS,
  SOFT_LIMIT_KEYS,
  comparable,
  describeLimit,
  limitNumber,
  limitSchema,
  type LimitKey,
  type LimitValue,
  type SoftLimitKey,
} from './limits';
import { PRESETS, PRESET_NAMES, isPresetName, type ProfileDocument } from './presets';
import { DISABLEABLE_RULES, RULES, isRuleCode, type RuleCode } from './rule-catalogue';

const TOP_LEVEL = ['extends', 'limits', 'soft', 'disabledRules', 'flattenOnHalt'] as const;

export type ProfileValidation = { ok: true; document: ProfileDocument } | { ok: false; issues: FieldIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readValues<K extends string>(
  input: unknown,
  field: 'limits' | 'soft',
  known: readonly K[],
  unitOf: (key: K) => Parameters<typeof limitSchema>[0],
  issues: FieldIssue[],
): Partial<Record<K, LimitValue>> {
  const out: Partial<Record<K, LimitValue>> = {};
  if (input === undefined) return out;
  if (!isRecord(input)) {
    issues.push({ path: field, value: input, expected: 'an object of limit name → value' });
    return out;
  }
  for (const [key, value] of Object.entries(input)) {
    if (!(known as readonly string[]).includes(key)) {
      issues.push({
        path: `${field}.${key}`,
        value,
        expected: `a known ${field === 'soft' ? 'soft ' : ''}limit name (${known.join(', ')})`,
      });
      continue;
    }
    const parsed = limitSchema(unitOf(key as K)).safeParse(value);
    if (parsed.success) out[key as K] = value as LimitValue;
    else issues.push(...fieldIssues(parsed.error.issues, value, { prefix: `${field}.${key}` }));
  }
  return out;
}

function readDisabled(input: unknown, issues: FieldIssue[]): RuleCode[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    issues.push({ path: 'disabledRules', value: input, expected: 'a list of rule names' });
    return [];
  }
  const out: RuleCode[] = [];
  input.forEach((name: unknown, i) => {
    const path = `disabledRules[${i}]`;
    if (typeof name !== 'string' || !isRuleCode(name)) {
      issues.push({ path, value: name, expected: `a rule name (${Object.keys(RULES).join(', ')})` });
    } else if (!RULES[name].disableable) {
      issues.push({
        path,
        value: name,
        expected: `a rule that may be switched off (${DISABLEABLE_RULES.join(', ')})`,
      });
    } else if (!out.includes(name)) out.push(name);
  });
  return out;
}

/** Pairs where the first must not exceed the second, and why. */
const ORDERED: ReadonlyArray<[LimitKey, LimitKey, string]> = [
  ['dailyLossReduce', 'dailyLossHalt', 'trading turns REDUCING before it halts'],
  ['drawdownReduce', 'drawdownHalt', 'trading turns REDUCING before it halts'],
  ['maxOrdersPerSecond', 'maxOrdersPerMinute', 'a minute holds every second of it'],
  ['maxOrdersPerMinute', 'maxOrdersPerDay', 'a day holds every minute of it'],
  ['maxPositionValue', 'maxGrossExposure', 'one position is part of the gross exposure'],
];

function contradictions(
  limits: Partial<Record<LimitKey, LimitValue>>,
  soft: Partial<Record<SoftLimitKey, LimitValue>>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [low, high, why] of ORDERED) {
    const a = limits[low];
    const b = limits[high];
    if (a === undefined || b === undefined || !comparable(a, b)) continue;
    if (limitNumber(a) > limitNumber(b))
      issues.push({
        path: `limits.${low}`,
        value: a,
        expected: `at most limits.${high} (${describeLimit(b, LIMITS[high].unit)}): ${why}`,
      });
  }
  for (const key of SOFT_LIMIT_KEYS) {
    const s = soft[key];
    const hard = key in LIMITS ? limits[key as LimitKey] : undefined;
    if (s === undefined || hard === undefined || !comparable(s, hard)) continue;
    if (limitNumber(s) > limitNumber(hard))
      issues.push({
        path: `soft.${key}`,
        value: s,
        expected: `at most the hard limit limits.${key} (${describeLimit(hard, SOFT_LIMITS[key].unit)}): a warning comes before the denial`,
      });
  }
  return issues;
}

/** Checks a profile document; a preset in `extends` supplies the limits it leaves out. */
export function validateProfile(input: unknown): ProfileValidation {
  if (!isRecord(input))
    return {
      ok: false,
      issues: [{ path: '', value: input, expected: `an object with ${TOP_LEVEL.join(', ')}` }],
    };
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(input))
    if (!(TOP_LEVEL as readonly string[]).includes(key))
      issues.push({ path: key, value: input[key], expected: `a known field (${TOP_LEVEL.join(', ')})` });

  let base: ProfileDocument | undefined;
  if (input.extends !== undefined) {
    if (typeof input.extends === 'string' && isPresetName(input.extends)) base = PRESETS[input.extends];
    else
      issues.push({
        path: 'extends',
        value: input.extends,
        expected: `a preset (${PRESET_NAMES.join(', ')})`,
      });
  }
  const given = readValues(input.limits, 'limits', LIMIT_KEYS, (k) => LIMITS[k].unit, issues);
  const givenSoft = readValues(input.soft, 'soft', SOFT_LIMIT_KEYS, (k) => SOFT_LIMITS[k].unit, issues);
  const disabledRules = readDisabled(input.disabledRules, issues);
  if (input.flattenOnHalt !== undefined && typeof input.flattenOnHalt !== 'boolean')
    issues.push({ path: 'flattenOnHalt', value: input.flattenOnHalt, expected: 'true or false' });

  const rawLimits = isRecord(input.limits) ? input.limits : {};
  const limits: Partial<Record<LimitKey, LimitValue>> = { ...base?.limits, ...given };
  for (const key of LIMIT_KEYS)
    if (limits[key] === undefined && !(key in rawLimits))
      issues.push({
        path: `limits.${key}`,
        expected: `a limit (${LIMITS[key].unit}: ${LIMITS[key].summary}), or "extends" naming a preset`,
      });
  // A soft limit given replaces the preset's; the preset's others stay.
  const soft = { ...base?.soft, ...givenSoft };
  issues.push(...contradictions(limits, soft));
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    document: {
      ...(base && typeof input.extends === 'string'
        ? { extends: input.extends as ProfileDocument['extends'] }
        : {}),
      limits: limits as Record<LimitKey, LimitValue>,
      soft,
      disabledRules: input.disabledRules === undefined && base ? [...base.disabledRules] : disabledRules,
      flattenOnHalt:
        typeof input.flattenOnHalt === 'boolean' ? input.flattenOnHalt : (base?.flattenOnHalt ?? false),
    },
  };
}

/** The validated document, or VALIDATION_FAILED naming every problem. */
export function parseProfile(input: unknown): ProfileDocument {
  const result = validateProfile(input);
  if (result.ok) return result.document;
  throw profileError(result.issues);
}

export function profileError(issues: FieldIssue[]): AppError {
  return validationError(issues, 'risk profile');
}
