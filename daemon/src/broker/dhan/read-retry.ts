// Retries for calls that are safe to repeat (reads, and lookups after an unknown outcome):
// exponential backoff with jitter, never shorter than what the broker asked for (Retry-After).
// Only 'retry'-class errors are retried; a refusal (auth, rejection, access) is final.
import { DhanError } from './dhan-errors';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_READ_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/** Backoff before attempt `n + 1` (n ≥ 1): base·2^(n−1), capped, times a jitter in [0.5, 1.5). */
export function backoffMs(policy: RetryPolicy, n: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)) * (0.5 + Math.random());
}

export function isRetryable(err: unknown): err is DhanError {
  return err instanceof DhanError && err.action === 'retry' && err.code !== 'BROKER_LINK_DOWN';
}

export async function withRetry<T>(
  policy: RetryPolicy,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryable(err) || n >= policy.attempts) throw err;
      await sleep(Math.max(backoffMs(policy, n), err.retryAfterMs ?? 0), signal);
    }
  }
}
