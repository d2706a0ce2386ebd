// The profile editor's draft: one text per limit (empty: the preset's), checked by the unit the
// catalogue gives each limit, and turned into the document risk.profiles.create/update take.
import type { FieldIssue } from '../../forms/schema-validate';
import type { LimitValue, ProfileDocument } from './limit-usage';

export type LimitUnit = 'count' | 'money' | 'percent' | 'seconds' | 'time' | 'ratio' | string;

export interface ProfileDraft {
  name: string;
  extends: string;
  limits: Record<string, string>;
  soft: Record<string, string>;
  disabledRules: string[];
  flattenOnHalt: boolean;
}

export const EMPTY_PROFILE: ProfileDraft = {
  name: '',
  extends: 'moderate',
  limits: {},
  soft: {},
  disabledRules: [],
  flattenOnHalt: false,
};

export function draftOfProfile(
  name: string,
  doc: ProfileDocument & { flattenOnHalt?: boolean },
): ProfileDraft {
  const text = (r: Record<string, LimitValue>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
  return {
    name,
    extends: doc.extends ?? '',
    limits: text(doc.limits),
    soft: text(doc.soft),
    disabledRules: [...doc.disabledRules],
    flattenOnHalt: doc.flattenOnHalt ?? false,
  };
}

const NUMBER = /^\d+(\.\d+)?$/;
const PERCENT = /^\d+(\.\d+)?%$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const EXPECTED: Record<string, string> = {
  count: 'a whole number above 0',
  seconds: 'a whole number of seconds above 0',
  money: 'rupees above 0 (250000) or a share of capital ("2%")',
  percent: 'a percentage above 0 (5)',
  ratio: 'a number above 0 (1.5)',
  time: 'an IST time HH:MM (15:15)',
};

/** The value a profile document holds for `text`, or undefined when it does not fit the unit. */
export function parseLimit(unit: LimitUnit, text: string): LimitValue | undefined {
  const t = text.trim();
  if (unit === 'time') return TIME.test(t) ? t : undefined;
  if (unit === 'money' && PERCENT.test(t)) return Number.parseFloat(t) > 0 ? t : undefined;
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  if (!(n > 0)) return undefined;
  if ((unit === 'count' || unit === 'seconds') && !Number.isInteger(n)) return undefined;
  return n;
}

function section(
  kind: 'limits' | 'soft',
  values: Record<string, string>,
  units: Record<string, { unit: LimitUnit }>,
  issues: FieldIssue[],
): Record<string, LimitValue> {
  const out: Record<string, LimitValue> = {};
  for (const [key, text] of Object.entries(values)) {
    if (text.trim() === '') continue;
    const unit = units[key]?.unit ?? 'money';
    const value = parseLimit(unit, text);
    if (value === undefined)
      issues.push({
        path: `${kind}.${key}`,
        message: `${key}: got ${JSON.stringify(text.trim())}, expected ${EXPECTED[unit] ?? 'a value'}`,
      });
    else out[key] = value;
  }
  return out;
}

/** The document and every problem with the draft (each naming the field, the value, what fits). */
export function documentOf(
  draft: ProfileDraft,
  catalogue: { limits: Record<string, { unit: LimitUnit }>; softLimits: Record<string, { unit: LimitUnit }> },
): { document: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (draft.name.trim() === '') issues.push({ path: 'name', message: 'name: expected a name' });
  const limits = section('limits', draft.limits, catalogue.limits, issues);
  const soft = section('soft', draft.soft, catalogue.softLimits, issues);
  if (!draft.extends) {
    const missing = Object.keys(catalogue.limits).filter((k) => limits[k] === undefined);
    if (missing.length > 0)
      issues.push({
        path: 'extends',
        message: `extends: without a preset every limit must be given (missing ${missing.join(', ')})`,
      });
  }
  const document: Record<string, unknown> = {
    limits,
    soft,
    disabledRules: draft.disabledRules,
    flattenOnHalt: draft.flattenOnHalt,
  };
  if (draft.extends) document.extends = draft.extends;
  return { document, issues };
}
