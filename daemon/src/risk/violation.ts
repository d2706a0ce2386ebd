// A rule's verdict is a value (STYLE.md §10): `OK`, or a violation with a stable code and a
// message naming the limit, the value and the threshold. OK is one shared object, so an order
// that passes every rule allocates nothing for the rules.
import type { ProfileRef } from './compiled-profile';
import type { RuleCode } from './rule-catalogue';

/** Where a limit applies: the order itself, its deployment, its broker account, or the broker. */
export type ViolationScope = 'order' | 'deployment' | 'account' | 'broker' | 'global';

export interface Violation {
  code: RuleCode;
  scope: ViolationScope;
  /** The deployment or account id for those scopes. */
  scopeId: number | null;
  /** The limit's name in the profile (maxOrderValue), or the rule's own word for it. */
  limitName: string;
  /** The threshold and the value that crossed it, in the limit's unit (rupees, units, ms, …). */
  limit: number | string | null;
  value: number | string | null;
  message: string;
  /** The profile that set the limit, for rules that read one. */
  profile: ProfileRef | null;
  /** For rate limits: when the same order would pass, in ms from now. */
  retryAfterMs?: number;
}

export type RuleResult = { ok: true } | { ok: false; violation: Violation };

export const OK: RuleResult = Object.freeze({ ok: true }) as RuleResult;

export function deny(violation: Violation): RuleResult {
  return { ok: false, violation };
}

/** Number formatting for messages: at most 4 decimals, no float noise. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.round(value * 1e4) / 1e4);
}
