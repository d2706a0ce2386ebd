// Dhan request counters in PostgreSQL (sql/011_broker_link.sql): one round trip per request to
// broker_rate_reserve, which serialises every daemon using the account and counts with the
// database's clock. Two daemons on one database therefore share one set of limits.
import type { Pool } from '../../db/pool';
import type { RateLimitStore } from './rate-limiter';

export function createPgRateStore(pool: Pool): RateLimitStore {
  return {
    async reserve(key, category, rule) {
      const { rows } = await pool.query<{ wait: number }>(
        'SELECT broker_rate_reserve($1, $2, $3, $4, $5) AS wait',
        [
          key,
          category,
          rule.windows.map((w) => Math.round(w.ms)),
          rule.windows.map((w) => w.limit),
          rule.perDay ?? null,
        ],
      );
      return rows[0]!.wait;
    },
    async penalize(key, category, pauseMs, slowMs) {
      await pool.query('SELECT broker_rate_penalize($1, $2, $3, $4)', [
        key,
        category,
        Math.round(pauseMs),
        Math.round(slowMs),
      ]);
    },
  };
}
