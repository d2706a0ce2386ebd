// SQL for notification channels. Reads and writes on a user's behalf run in their row-level
// security scope (the caller passes a client inside ctx.asUser); the notifier and dispatcher read
// as the daemon. The secret itself is only ever written and read here as ciphertext.
import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

export type ChannelKind = 'webhook' | 'telegram';

export interface ChannelRow {
  id: number;
  ownerId: number;
  name: string;
  kind: ChannelKind;
  target: string;
  secretHint: string | null;
  events: string[];
  enabled: boolean;
  rateLimitPerMinute: number;
  createdAt: string;
  updatedAt: string;
}

/** A channel with what sending needs: its ciphertext and key id. */
export interface SendableChannel extends ChannelRow {
  secret: { keyId: string; blob: Buffer } | null;
}

const COLUMNS = `id::int, owner_id::int AS "ownerId", name, kind, target, secret_hint AS "secretHint", events, enabled,
  rate_limit_per_minute AS "rateLimitPerMinute", to_json(created_at) #>> '{}' AS "createdAt",
  to_json(updated_at) #>> '{}' AS "updatedAt"`;

export interface ChannelFields {
  name: string;
  kind: ChannelKind;
  target: string;
  events: string[];
  enabled: boolean;
  rateLimitPerMinute: number;
}

export async function insertChannel(
  db: Queryable,
  ownerId: number,
  fields: ChannelFields,
): Promise<ChannelRow> {
  const { rows } = await db.query<ChannelRow>(
    `INSERT INTO notification_channels (owner_id, name, kind, target, events, enabled, rate_limit_per_minute)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [
      ownerId,
      fields.name,
      fields.kind,
      fields.target,
      fields.events,
      fields.enabled,
      fields.rateLimitPerMinute,
    ],
  );
  return rows[0]!;
}

export async function updateChannel(
  db: Queryable,
  id: number,
  change: Partial<Omit<ChannelFields, 'kind'>>,
): Promise<ChannelRow | undefined> {
  const { rows } = await db.query<ChannelRow>(
    `UPDATE notification_channels SET
       name = coalesce($2, name), target = coalesce($3, target), events = coalesce($4, events),
       enabled = coalesce($5, enabled), rate_limit_per_minute = coalesce($6, rate_limit_per_minute),
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      change.name ?? null,
      change.target ?? null,
      change.events ?? null,
      change.enabled ?? null,
      change.rateLimitPerMinute ?? null,
    ],
  );
  return rows[0];
}

export async function storeSecret(
  db: Queryable,
  id: number,
  sealed: { keyId: string; blob: Buffer },
  hint: string,
): Promise<void> {
  await db.query(
    `UPDATE notification_channels SET secret_encrypted = $2, secret_key_id = $3, secret_hint = $4, updated_at = now()
      WHERE id = $1`,
    [id, sealed.blob, sealed.keyId, hint],
  );
}

export async function deleteChannel(db: Queryable, id: number): Promise<ChannelRow | undefined> {
  const { rows } = await db.query<ChannelRow>(
    `DELETE FROM notification_channels WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0];
}

export async function listChannels(db: Queryable): Promise<ChannelRow[]> {
  return (await db.query<ChannelRow>(`SELECT ${COLUMNS} FROM notification_channels ORDER BY id`)).rows;
}

export async function findChannel(db: Queryable, id: number): Promise<SendableChannel | undefined> {
  const { rows } = await db.query<ChannelRow & { blob: Buffer | null; keyId: string | null }>(
    `SELECT ${COLUMNS}, secret_encrypted AS blob, secret_key_id AS "keyId" FROM notification_channels WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { blob, keyId, ...channel } = row;
  return { ...channel, secret: blob && keyId ? { blob, keyId } : null };
}

/**
 * Channels that should hear of an event of `kind`: enabled, subscribed, owned by an enabled user
 * who may see the event (its owner, or an admin; everyone for events without an owner).
 */
export async function subscribedChannels(
  db: Queryable,
  kind: string,
  eventOwnerId: number | undefined,
): Promise<{ id: number; ownerId: number; kind: ChannelKind }[]> {
  const { rows } = await db.query<{ id: number; ownerId: number; kind: ChannelKind }>(
    `SELECT c.id::int, c.owner_id::int AS "ownerId", c.kind
       FROM notification_channels c JOIN users u ON u.id = c.owner_id
      WHERE c.enabled AND $1 = ANY (c.events) AND u.disabled_at IS NULL
        AND ($2::bigint IS NULL OR c.owner_id = $2 OR u.role = 'admin')`,
    [kind, eventOwnerId ?? null],
  );
  return rows;
}

/** An audit row for a channel change (audit_log, as the account changes write theirs). */
export async function auditChannel(
  db: Queryable,
  entry: {
    actor: string;
    actorUserId: number;
    action: string;
    channelId: number;
    ip?: string;
    details?: object;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, actor_user_id, action, target, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.actor,
      entry.actorUserId,
      entry.action,
      `notification_channel:${entry.channelId}`,
      entry.ip ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
