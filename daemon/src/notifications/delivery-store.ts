// The delivery log, which is also the outbox: SQL to queue a message (or fold it into the
// channel's digest when the channel is over its rate), to claim due messages for sending, to
// record each attempt's outcome, and to list the log.
import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** How far back the rate limit counts. */
export const RATE_WINDOW_SECONDS = 60;

export interface NewDelivery {
  channelId: number;
  ownerId: number;
  kind: string;
  eventType: string | null;
  eventKey: string | null;
  title: string;
  body: string;
  payload: object;
}

export type QueueResult = 'queued' | 'digested' | 'duplicate' | 'skipped';

const INSERT = `INSERT INTO notification_deliveries
  (channel_id, owner_id, kind, event_type, event_key, title, body, payload, status, digest_id, next_attempt_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + $11 * interval '1 second') RETURNING id::int`;

function insertArgs(d: NewDelivery, status: string, digestId: number | null, delaySeconds = 0) {
  return [
    d.channelId,
    d.ownerId,
    d.kind,
    d.eventType,
    d.eventKey,
    d.title,
    d.body,
    JSON.stringify(d.payload),
    status,
    digestId,
    delaySeconds,
  ];
}

/**
 * Queues one message, inside the caller's transaction. The channel row is locked first, so
 * concurrent events for one channel count against its rate one at a time: past the rate, a
 * message joins the channel's open digest (sent when the window has passed) instead.
 */
export async function queueDelivery(db: Queryable, d: NewDelivery): Promise<QueueResult> {
  const channel = await db.query<{ limit: number }>(
    `SELECT rate_limit_per_minute AS limit FROM notification_channels WHERE id = $1 AND enabled FOR UPDATE`,
    [d.channelId],
  );
  if (!channel.rows[0]) return 'skipped';
  if (d.eventKey) {
    const seen = await db.query(
      `SELECT 1 FROM notification_deliveries WHERE channel_id = $1 AND event_key = $2`,
      [d.channelId, d.eventKey],
    );
    if (seen.rowCount) return 'duplicate';
  }
  const recent = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification_deliveries
      WHERE channel_id = $1 AND kind NOT IN ('digest', 'test') AND status <> 'digested'
        AND created_at > now() - $2 * interval '1 second'`,
    [d.channelId, RATE_WINDOW_SECONDS],
  );
  if (recent.rows[0]!.n < channel.rows[0].limit) {
    await db.query(INSERT, insertArgs(d, 'pending', null));
    return 'queued';
  }
  const open = await db.query<{ id: number }>(
    `SELECT id::int FROM notification_deliveries
      WHERE channel_id = $1 AND kind = 'digest' AND status = 'pending' AND attempts = 0 FOR UPDATE`,
    [d.channelId],
  );
  let digestId = open.rows[0]?.id;
  if (digestId === undefined) {
    const digest: NewDelivery = {
      ...d,
      kind: 'digest',
      eventType: null,
      eventKey: null,
      title: 'Digest',
      body: '',
      payload: {},
    };
    digestId = (
      await db.query<{ id: number }>(INSERT, insertArgs(digest, 'pending', null, RATE_WINDOW_SECONDS))
    ).rows[0]!.id;
  }
  await db.query(INSERT, insertArgs(d, 'digested', digestId));
  return 'digested';
}

export interface ClaimedDelivery {
  id: number;
  channelId: number;
  kind: string;
  eventType: string | null;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: string;
}

/**
 * Claims up to `limit` due messages: pending ones whose time has come, and ones whose sender
 * vanished (a lease past its end). Each claim is an attempt; the lease bounds how long a sender
 * may take before another daemon tries again.
 */
export async function claimDue(
  db: Queryable,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT id FROM notification_deliveries
        WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now())
        ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE notification_deliveries d
        SET status = 'sending', attempts = d.attempts + 1, lease_until = now() + $2 * interval '1 second'
       FROM due WHERE d.id = due.id
     RETURNING d.id::int, d.channel_id::int AS "channelId", d.kind, d.event_type AS "eventType", d.title, d.body,
               d.payload, d.attempts, to_json(d.created_at) #>> '{}' AS "createdAt"`,
    [limit, leaseSeconds],
  );
  return rows;
}

/** The messages a digest holds, oldest first. */
export async function digestItems(
  db: Queryable,
  digestId: number,
): Promise<{ kind: string; title: string; body: string; createdAt: string }[]> {
  const { rows } = await db.query<{ kind: string; title: string; body: string; createdAt: string }>(
    `SELECT kind, title, body, to_json(created_at) #>> '{}' AS "createdAt" FROM notification_deliveries
      WHERE digest_id = $1 ORDER BY id`,
    [digestId],
  );
  return rows;
}

export interface AttemptRecord {
  id: number;
  /** The attempt number this outcome belongs to (a stale sender's record is ignored). */
  attempt: number;
  status: 'delivered' | 'pending' | 'failed';
  responseStatus: number | null;
  error: string | null;
  /** For 'pending': seconds until the next attempt. */
  retryInSeconds?: number;
  /** A digest's final text, kept in the log. */
  body?: string;
}

export async function recordAttempt(db: Queryable, r: AttemptRecord): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notification_deliveries SET
       status = $3, response_status = $4, last_error = $5, lease_until = NULL,
       next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $6 * interval '1 second' ELSE next_attempt_at END,
       delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END,
       body = coalesce($7, body)
     WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
    [r.id, r.attempt, r.status, r.responseStatus, r.error, r.retryInSeconds ?? 0, r.body ?? null],
  );
  return (rowCount ?? 0) > 0;
}

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'digested';

export interface DeliveryRow {
  id: number;
  channelId: number;
  kind: string;
  eventType: string | null;
  title: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  digestId: number | null;
  digestCount: number;
  createdAt: string;
  nextAttemptAt: string;
  deliveredAt: string | null;
}

/** A page of the log, newest first (under the caller's row-level security). */
export async function listDeliveries(
  db: Queryable,
  filter: { channelId?: number; limit: number; offset: number },
): Promise<{ total: number; items: DeliveryRow[] }> {
  const { rows } = await db.query<DeliveryRow & { total: number }>(
    `SELECT d.id::int, d.channel_id::int AS "channelId", d.kind, d.event_type AS "eventType", d.title, d.body, d.status,
            d.attempts, d.response_status AS "responseStatus", d.last_error AS "lastError",
            d.digest_id::int AS "digestId",
            (SELECT count(*)::int FROM notification_deliveries i WHERE i.digest_id = d.id) AS "digestCount",
            to_json(d.created_at) #>> '{}' AS "createdAt", to_json(d.next_attempt_at) #>> '{}' AS "nextAttemptAt",
            to_json(d.delivered_at) #>> '{}' AS "deliveredAt", count(*) OVER ()::int AS total
       FROM notification_deliveries d
      WHERE $1::bigint IS NULL OR d.channel_id = $1
      ORDER BY d.id DESC LIMIT $2 OFFSET $3`,
    [filter.channelId ?? null, filter.limit, filter.offset],
  );
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _t, ...r }) => r) };
}

/** Messages waiting to be sent, for the queue gauge. */
export async function countPending(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification_deliveries WHERE status IN ('pending', 'sending')`,
  );
  return rows[0]!.n;
}
