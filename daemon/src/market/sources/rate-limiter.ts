// A token bucket per documented limit (Dhan Data APIs: 5 requests/second). `take()` resolves
// when a request may be sent, so a chunked fetch never exceeds the limit even when retried.

export interface RateLimiter {
  take(signal?: AbortSignal): Promise<void>;
}

export function createRateLimiter(
  perSecond: number,
  now: () => number = () => performance.now(),
): RateLimiter {
  let tokens = perSecond;
  let updated = now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const t = now();
    tokens = Math.min(perSecond, tokens + ((t - updated) / 1000) * perSecond);
    updated = t;
  };
  const takeOne = async (signal?: AbortSignal) => {
    for (;;) {
      signal?.throwIfAborted();
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) / perSecond) * 1000)));
    }
  };
  return {
    // Serialised so that waiters are served in order.
    take(signal) {
      const next = queue.then(() => takeOne(signal));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
