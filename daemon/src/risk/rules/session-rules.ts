// No new intraday exposure from the profile's square-off time to the close: a position opened
// then would be squared off by the broker minutes later (at a fee). When the session closes at
// or before that time (Muhurat, a special session), the cut-off is 15 minutes before its close.
import { formatIstDateTime, istMidnightOfDay } from '../../core/calendar/civil-date';
import type { OrderFacts, ScopeFacts } from '../order-facts';
import { OK, deny, type RuleResult } from '../violation';
import { scopeViolation, type ScopeEnv } from './rule-env';

const EARLY_CLOSE_MARGIN_MS = 15 * 60_000;

/** Epoch ms from which intraday entries stop, in the session of `env`. */
export function squareOffCutoff(squareOffMinute: number, env: ScopeEnv): number {
  const session = env.session!;
  const at = istMidnightOfDay(session.day) + squareOffMinute * 60_000;
  return at < session.close ? at : session.close - EARLY_CLOSE_MARGIN_MS;
}

export function afterSquareOff(f: OrderFacts, s: ScopeFacts, env: ScopeEnv): RuleResult {
  if (!s.profile.enabled.after_square_off || s.reducing || f.order.product !== 'INTRADAY' || !env.session)
    return OK;
  const cutoff = squareOffCutoff(s.profile.squareOffMinute, env);
  if (f.now < cutoff) return OK;
  return deny(
    scopeViolation(
      'after_square_off',
      s,
      'squareOffTime',
      formatIstDateTime(cutoff),
      formatIstDateTime(f.now),
      `no new intraday exposure from ${formatIstDateTime(cutoff)} (squareOffTime ${s.profile.document.limits.squareOffTime})`,
    ),
  );
}
