// A circuit breaker for one account's link: after `threshold` failures in a row (5xx, timeouts,
// unreachable broker), it opens and order writes are refused at once, with the reason, instead of
// piling more orders onto a broker that is not answering. After `cooldownMs` it lets requests try
// again (half-open): one success closes it, one failure opens it for another cooldown. Reads keep
// flowing while it is open (they are safe, and their success is how recovery is noticed).

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  threshold?: number;
  /** How long it stays open before a trial (default 30 s). */
  cooldownMs?: number;
  now?: () => number;
  /** Called on every change of state, with the last failure's description when it opens. */
  onChange?(state: CircuitState, reason: string | undefined): void;
}

export interface CircuitBreaker {
  state(): CircuitState;
  /** Undefined when orders may go out; otherwise why not. */
  refusal(): string | undefined;
  recordSuccess(): void;
  recordFailure(reason: string): void;
  /** Epoch ms when an open circuit allows a trial. */
  retryAt(): number | undefined;
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.threshold ?? 5;
  const cooldown = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | undefined;
  let lastReason: string | undefined;
  let reported: CircuitState = 'closed';

  const current = (): CircuitState => {
    if (openedAt === undefined) return 'closed';
    return now() - openedAt >= cooldown ? 'half_open' : 'open';
  };
  const report = () => {
    const s = current();
    if (s !== reported) {
      reported = s;
      options.onChange?.(s, s === 'closed' ? undefined : lastReason);
    }
  };

  return {
    state: () => {
      report();
      return current();
    },
    refusal() {
      report();
      if (current() !== 'open') return undefined;
      const seconds = Math.ceil((openedAt! + cooldown - now()) / 1000);
      return `the Dhan link is down after ${failures} failures in a row (last: ${lastReason}); orders are refused for ${seconds} s more`;
    },
    recordSuccess() {
      failures = 0;
      openedAt = undefined;
      report();
    },
    recordFailure(reason) {
      failures++;
      lastReason = reason;
      const s = current();
      if (s === 'half_open' || (s === 'closed' && failures >= threshold)) openedAt = now();
      report();
    },
    retryAt: () => (openedAt === undefined ? undefined : openedAt + cooldown),
  };
}
