// Keeps bar_coverage exact inside the write's transaction, without counting rows: the new count
// is the old one plus what the write added (inserted - deleted).
import type { PoolClient } from '../db/pool';

export async function updateCoverage(
  client: PoolClient,
  instrumentId: number,
  timeframe: string,
  source: string,
  change: { first: number; last: number; written: number; added: number },
): Promise<void> {
  await client.query(
    `INSERT INTO bar_coverage AS c (instrument_id, timeframe, first_ts, last_ts, bar_count, source)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (instrument_id, timeframe) DO UPDATE SET
       first_ts = least(c.first_ts, excluded.first_ts),
       last_ts = greatest(c.last_ts, excluded.last_ts),
       bar_count = c.bar_count + $7,
       source = excluded.source,
       updated_at = now()`,
    [
      instrumentId,
      timeframe,
      new Date(change.first).toISOString(),
      new Date(change.last).toISOString(),
      change.written,
      source,
      change.added,
    ],
  );
}
