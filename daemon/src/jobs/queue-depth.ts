// Queued and active jobs per queue, read straight from pg-boss' job table (one grouped query),
// for the queue-depth gauges and the heartbeat. Every declared queue appears, with zeros.
import type { Pool } from '../db/pool';
import type { QueueDepthSnapshot } from '../events/event-map';
import { QUEUE_NAMES } from './queues';

const SQL = `
  SELECT name,
         count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
         count(*) FILTER (WHERE state = 'active')::int AS active
    FROM pgboss.job
   WHERE state < 'completed'
   GROUP BY name`;

export async function readQueueDepths(pool: Pool): Promise<QueueDepthSnapshot[]> {
  const { rows } = await pool.query<{ name: string; queued: number; active: number }>(SQL);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const names = [...new Set([...QUEUE_NAMES, ...byName.keys()])];
  return names.map((queue) => ({
    queue,
    queued: byName.get(queue)?.queued ?? 0,
    active: byName.get(queue)?.active ?? 0,
  }));
}
