// Dhan's request limits (../shared/reference/dhan-api.md §10), enforced before a request is sent.
// Limits belong to the account, not to a client object or a daemon: every request reserves a slot
// in a store keyed by the account, and the PostgreSQL store (pg-rate-store.ts) makes that one set
// of counters for every daemon on the database. Windows slide (a burst can never straddle a
// boundary), except the day, which is the IST calendar day. Each window gets a small margin so
// that network jitter between our reservation and the broker's count cannot push us over.
import { AppError } from '../../core/errors';

export type RateCategory = 'orders' | 'data' | 'quotes' | 'others';

export interface CategoryLimits {
  perSecond: number;
  perMinute?: number;
  perHour?: number;
  /** Per IST calendar day. */
  perDay?: number;
}

/** Order writes 10/s, 250/min, 1,000/h, 7,000/day; data 5/s; quotes 1/s; everything else 20/s. */
export const DHAN_LIMITS: Readonly<Record<RateCategory, CategoryLimits>> = {
  orders: { perSecond: 10, perMinute: 250, perHour: 1000, perDay: 7000 },
  data: { perSecond: 5 },
  quotes: { perSecond: 1 },
  others: { perSecond: 20 },
};

export interface RateWindow {
  ms: number;
  limit: number;
}

export interface RateRule {
  windows: RateWindow[];
  perDay?: number;
}

/** Shared counters. Both calls are atomic per key and category across every user of the store. */
export interface RateLimitStore {
  /** Records one request and returns 0, or returns how many ms to wait before asking again. */
  reserve(key: string, category: RateCategory, rule: RateRule): Promise<number>;
  /** After a 429: no request for `pauseMs`, then half the per-second rate for `slowMs`. */
  penalize(key: string, category: RateCategory, pauseMs: number, slowMs: number): Promise<void>;
}

export interface RateLimiter {
  /** Resolves when a request of `category` may be sent (the slot is taken); returns ms waited. */
  acquire(category: RateCategory, signal?: AbortSignal): Promise<number>;
  /** The broker said 429: slow the category down for everyone using this account. */
  penalize(category: RateCategory, retryAfterMs?: number): Promise<void>;
}

export interface RateLimiterOptions {
  store: RateLimitStore;
  /** The account's key (limiter-key.ts): never the client id itself. */
  key: string;
  limits?: Readonly<Record<RateCategory, CategoryLimits>>;
  /** Added to every window (default 100 ms). */
  marginMs?: number;
  /** Longest wait before giving up with RATE_LIMITED (default 10 s orders, 60 s others). */
  maxWaitMs?: Partial<Record<RateCategory, number>>;
  /** After a 429 the category runs at half rate this long (default 60 s). */
  slowMs?: number;
  onWait?(category: RateCategory, ms: number): void;
}

export function ruleFor(limits: CategoryLimits, marginMs: number): RateRule {
  const windows: RateWindow[] = [{ ms: 1000 + marginMs, limit: limits.perSecond }];
  if (limits.perMinute) windows.push({ ms: 60_000 + marginMs, limit: limits.perMinute });
  if (limits.perHour) windows.push({ ms: 3_600_000 + marginMs, limit: limits.perHour });
  return { windows, perDay: limits.perDay };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const limits = options.limits ?? DHAN_LIMITS;
  const margin = options.marginMs ?? 100;
  const rules = Object.fromEntries(
    (Object.keys(limits) as RateCategory[]).map((c) => [c, ruleFor(limits[c], margin)]),
  ) as Record<RateCategory, RateRule>;
  const maxWait = { orders: 10_000, data: 60_000, quotes: 60_000, others: 60_000, ...options.maxWaitMs };
  return {
    async acquire(category, signal) {
      let waited = 0;
      for (;;) {
        signal?.throwIfAborted();
        const wait = await options.store.reserve(options.key, category, rules[category]);
        if (wait <= 0) {
          if (waited > 0) options.onWait?.(category, waited);
          return waited;
        }
        if (waited + wait > maxWait[category]) {
          throw new AppError(
            'RATE_LIMITED',
            `Dhan ${category} limit reached: the next slot is ${Math.ceil((waited + wait) / 1000)} s away, more than the ${maxWait[category] / 1000} s a request may wait`,
            { category, retryAfterSeconds: Math.ceil(wait / 1000) },
          );
        }
        // A little jitter so that daemons woken together do not collide again.
        const nap = wait + Math.floor(Math.random() * 5);
        await sleep(nap, signal);
        waited += nap;
      }
    },
    async penalize(category, retryAfterMs) {
      await options.store.penalize(
        options.key,
        category,
        Math.max(retryAfterMs ?? 1000, 250),
        options.slowMs ?? 60_000,
      );
    },
  };
}

/** Counters in this process only (one daemon, tests, the demo server's own clients). */
export function createMemoryRateStore(now: () => number = () => Date.now()): RateLimitStore {
  // Per key and category: send times in order from `head` on (older ones are dropped lazily).
  const sent = new Map<string, { times: number[]; head: number }>();
  const state = new Map<string, { pausedUntil: number; slowUntil: number }>();
  /** Index of the first time > bound (binary search from head). */
  const after = (log: { times: number[]; head: number }, bound: number, strict: boolean) => {
    let lo = log.head;
    let hi = log.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? log.times[mid]! > bound : log.times[mid]! >= bound) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return {
    async reserve(key, category, rule) {
      const id = `${key}/${category}`;
      const t = now();
      const s = state.get(id);
      if (s && s.pausedUntil > t) return s.pausedUntil - t;
      let log = sent.get(id);
      if (!log) sent.set(id, (log = { times: [], head: 0 }));
      const dayStart = rule.perDay ? istDayStart(t) : Infinity;
      const longest = Math.max(...rule.windows.map((w) => w.ms));
      log.head = after(log, Math.min(t - longest, dayStart - 1), true);
      if (log.head > 1024 && log.head * 2 > log.times.length) {
        log.times = log.times.slice(log.head);
        log.head = 0;
      }
      let wait = 0;
      rule.windows.forEach((w, i) => {
        const limit = i === 0 && s && s.slowUntil > t ? Math.max(1, Math.floor(w.limit / 2)) : w.limit;
        const first = after(log, t - w.ms, true);
        const inWindow = log.times.length - first;
        if (inWindow >= limit) wait = Math.max(wait, log.times[log.times.length - limit]! + w.ms - t);
      });
      if (rule.perDay && log.times.length - after(log, dayStart, false) >= rule.perDay)
        wait = Math.max(wait, dayStart + 86_400_000 - t);
      if (wait > 0) return Math.ceil(wait);
      log.times.push(t);
      return 0;
    },
    async penalize(key, category, pauseMs, slowMs) {
      const t = now();
      state.set(`${key}/${category}`, { pausedUntil: t + pauseMs, slowUntil: t + pauseMs + slowMs });
    },
  };
}

const IST_MS = 19_800_000;
function istDayStart(t: number): number {
  return Math.floor((t + IST_MS) / 86_400_000) * 86_400_000 - IST_MS;
}
