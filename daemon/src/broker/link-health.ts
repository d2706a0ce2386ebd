// What the Broker page shows of a link beyond its state: the market feed as the holding daemon
// sees it (per-symbol last-tick age, stale symbols, packets, reconnects) and how much of Dhan's
// request limits the account has used (the shared counters of sql/011, read with the database's
// clock). The feed lives in the memory of the daemon holding the link, so another daemon's API
// says who holds it instead of guessing.
import { nseCalendar } from '../core/calendar/trading-calendar';
import type { Pool } from '../db/pool';
import { readCredentials } from './account-credentials';
import type { BrokerKeyring } from './credential-cipher';
import { DHAN_LIMITS, limiterKey, type AccountLink, type RateCategory } from './dhan';

type Queryable = Pick<Pool, 'query'>;

export interface FeedHealth {
  open: boolean;
  marketOpen: boolean;
  staleAfterSeconds: number;
  packets: Record<string, number>;
  reconnects: { feed: number; orderUpdates: number };
  symbols: { symbol: string; ageSeconds: number; stale: boolean }[];
}

export type RateWindowName = 'second' | 'minute' | 'hour' | 'day';

export interface RateUsage {
  category: RateCategory;
  windows: { window: RateWindowName; used: number; limit: number }[];
  /** After a 429 the category pauses, then runs at half rate (every daemon alike). */
  pausedUntil: string | null;
  slowedUntil: string | null;
}

/** The feed of a link this daemon holds (undefined feed: not opened — no deployment asked for ticks). */
export function feedHealth(link: AccountLink, staleAfterSeconds: number, now = Date.now()): FeedHealth {
  const stats = link.feedStats();
  return {
    open: stats !== undefined,
    marketOpen: nseCalendar.sessionAt(now) !== undefined,
    staleAfterSeconds,
    packets: stats?.packets ?? {},
    reconnects: { feed: stats?.reconnects ?? 0, orderUpdates: link.orderUpdateReconnects() },
    // Stale first, then the oldest: the rows an operator must look at come first.
    symbols: link
      .tickAges()
      .map((s) => ({
        symbol: s.symbol,
        ageSeconds: Math.max(0, Math.round(s.ageMs / 100) / 10),
        stale: s.stale,
      }))
      .sort((a, b) => Number(b.stale) - Number(a.stale) || b.ageSeconds - a.ageSeconds),
  };
}

const WINDOWS: { name: RateWindowName; key: 'perSecond' | 'perMinute' | 'perHour' | 'perDay' }[] = [
  { name: 'second', key: 'perSecond' },
  { name: 'minute', key: 'perMinute' },
  { name: 'hour', key: 'perHour' },
  { name: 'day', key: 'perDay' },
];

/** An account's usage; its counters are keyed by its client id, which only the key can read. */
export async function accountRateUsage(
  pool: Queryable,
  keyring: BrokerKeyring,
  accountId: number,
): Promise<RateUsage[]> {
  const { clientId } = await readCredentials(pool, keyring, accountId);
  return readRateUsage(pool, clientId);
}

/** Requests counted against the account's limits in each window Dhan sets, per category. */
export async function readRateUsage(db: Queryable, clientId: string): Promise<RateUsage[]> {
  const { rows } = await db.query<{
    category: string;
    second: number;
    minute: number;
    hour: number;
    day: number;
    paused_until: Date | null;
    slowed_until: Date | null;
  }>(
    `WITH t AS (SELECT clock_timestamp() AS now,
                       (date_trunc('day', clock_timestamp() AT TIME ZONE 'Asia/Kolkata') AT TIME ZONE 'Asia/Kolkata') AS day_start),
          c AS (SELECT unnest($2::text[]) AS category)
     SELECT c.category,
            count(e.at) FILTER (WHERE e.at > t.now - interval '1 second')::int AS second,
            count(e.at) FILTER (WHERE e.at > t.now - interval '1 minute')::int AS minute,
            count(e.at) FILTER (WHERE e.at > t.now - interval '1 hour')::int AS hour,
            count(e.at) FILTER (WHERE e.at >= t.day_start)::int AS day,
            s.paused_until, s.slowed_until
       FROM c CROSS JOIN t
       LEFT JOIN broker_rate_events e ON e.limit_key = $1 AND e.category = c.category
       LEFT JOIN broker_rate_state s ON s.limit_key = $1 AND s.category = c.category
      GROUP BY c.category, s.paused_until, s.slowed_until
      ORDER BY array_position($2::text[], c.category)`,
    [limiterKey(clientId), Object.keys(DHAN_LIMITS)],
  );
  const now = Date.now();
  const future = (d: Date | null) => (d && d.getTime() > now ? d.toISOString() : null);
  return rows.map((r) => {
    const limits = DHAN_LIMITS[r.category as RateCategory];
    return {
      category: r.category as RateCategory,
      windows: WINDOWS.filter((w) => limits[w.key] !== undefined).map((w) => ({
        window: w.name,
        used: r[w.name],
        limit: limits[w.key]!,
      })),
      pausedUntil: future(r.paused_until),
      slowedUntil: future(r.slowed_until),
    };
  });
}
