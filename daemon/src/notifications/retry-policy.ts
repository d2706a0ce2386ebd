// When to try a failed message again: after 1 s, 2 s, 4 s … doubling up to 10 minutes, or as
// long as the receiver asked (Retry-After), for at most 12 attempts (about 40 minutes in all);
// a refusal that retrying cannot change (a 4xx, a bad bot token) fails at once.
import type { SendOutcome } from './send-outcome';

export const MAX_ATTEMPTS = 12;
const MAX_DELAY_SECONDS = 600;

export type AttemptVerdict =
  { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; retryInSeconds: number };

export function verdictFor(outcome: SendOutcome, attempt: number): AttemptVerdict {
  if (outcome.ok) return { status: 'delivered' };
  if (!outcome.retry || attempt >= MAX_ATTEMPTS) return { status: 'failed' };
  const backoff = Math.min(MAX_DELAY_SECONDS, 2 ** (attempt - 1));
  const asked = outcome.retryAfterMs === undefined ? 0 : Math.ceil(outcome.retryAfterMs / 1000);
  return { status: 'pending', retryInSeconds: Math.max(backoff, asked) };
}
