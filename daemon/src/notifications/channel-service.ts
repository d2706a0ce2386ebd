// Channel management on a user's behalf (notifications.* procedures): create, change, delete,
// send a test. Each runs in the caller's row-level-security scope, writes its audit row in the
// same transaction, and keeps the secret encrypted: a webhook's signing key is generated (and
// returned once) unless given; a Telegram bot token is required. Secrets are never returned.
import { randomBytes } from 'node:crypto';
import { AppError, validationError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { sealSecret, secretHint, type SecretKey } from '../secrets/secret-box';
import type { SecretKeyring } from '../secrets/secret-keyring';
import {
  auditChannel,
  deleteChannel,
  findChannel,
  insertChannel,
  storeSecret,
  updateChannel,
  type ChannelFields,
  type ChannelRow,
} from './channel-store';
import { secretContext, sendOnChannel, type SenderDeps } from './channel-sender';
import { recordAttempt } from './delivery-store';
import type { SendOutcome } from './send-outcome';

export type AsUser = <T>(fn: (db: PoolClient) => Promise<T>) => Promise<T>;

export interface Caller {
  user: { id: number; role: string };
  asUser: AsUser;
  ip?: string;
  keyring: SecretKeyring;
}

export type ChannelTarget =
  { kind: 'webhook'; url: string; secret?: string } | { kind: 'telegram'; chatId: string; botToken: string };

export interface NewChannel {
  name: string;
  target: ChannelTarget;
  events: string[];
  enabled: boolean;
  rateLimitPerMinute: number;
}

function key(keyring: SecretKeyring): SecretKey {
  try {
    return keyring.key();
  } catch (err) {
    // A missing or unreadable key is the server's problem, not the request's: 503 with the reason.
    throw new AppError('DEPENDENCY_UNAVAILABLE', `secrets cannot be stored: ${(err as Error).message}`);
  }
}

const actorOf = (c: Caller) => ({ actor: `user:${c.user.id}`, actorUserId: c.user.id, ip: c.ip });

async function seal(db: PoolClient, k: SecretKey, channelId: number, secret: string): Promise<void> {
  await storeSecret(db, channelId, sealSecret(k, secretContext(channelId), secret), secretHint(secret));
}

export async function createChannel(
  caller: Caller,
  input: NewChannel,
): Promise<{ channel: ChannelRow; generatedSecret?: string }> {
  const k = key(caller.keyring);
  const t = input.target;
  const generatedSecret =
    t.kind === 'webhook' && !t.secret ? `whsec_${randomBytes(24).toString('base64url')}` : undefined;
  const secret = t.kind === 'webhook' ? (t.secret ?? generatedSecret!) : t.botToken;
  const fields: ChannelFields = {
    name: input.name,
    kind: t.kind,
    target: t.kind === 'webhook' ? t.url : t.chatId,
    events: input.events,
    enabled: input.enabled,
    rateLimitPerMinute: input.rateLimitPerMinute,
  };
  const channel = await caller.asUser(async (db) => {
    const row = await insertChannel(db, caller.user.id, fields);
    await seal(db, k, row.id, secret);
    await auditChannel(db, {
      ...actorOf(caller),
      action: 'notifications.create_channel',
      channelId: row.id,
      details: { name: row.name, kind: row.kind, events: row.events },
    });
    return { ...row, secretHint: secretHint(secret) };
  });
  return { channel, generatedSecret };
}

export interface ChannelChange {
  name?: string;
  /** The webhook URL or the Telegram chat id. */
  target?: string;
  /** A new webhook signing key or bot token. */
  secret?: string;
  events?: string[];
  enabled?: boolean;
  rateLimitPerMinute?: number;
}

export async function changeChannel(caller: Caller, id: number, change: ChannelChange): Promise<ChannelRow> {
  const k = change.secret ? key(caller.keyring) : undefined;
  return caller.asUser(async (db) => {
    const before = await findChannel(db, id);
    if (!before) throw new AppError('NOT_FOUND', `no notification channel ${id}`);
    if (change.target !== undefined) checkTarget(before.kind, change.target);
    const { secret, ...fields } = change;
    let row = (await updateChannel(db, id, fields))!;
    if (secret && k) {
      await seal(db, k, id, secret);
      row = { ...row, secretHint: secretHint(secret) };
    }
    await auditChannel(db, {
      ...actorOf(caller),
      action: 'notifications.update_channel',
      channelId: id,
      details: { ...fields, secretChanged: secret !== undefined },
    });
    return row;
  });
}

/** The target of an existing channel must stay of its kind. */
function checkTarget(kind: string, target: string): void {
  const webhook = kind === 'webhook';
  const ok = webhook ? /^https?:\/\/\S+$/i.test(target) : /^(-?\d{1,20}|@\w{5,32})$/.test(target);
  if (!ok)
    throw validationError([
      {
        path: 'target',
        value: target.slice(0, 100),
        expected: webhook ? 'an http(s) URL' : 'a Telegram chat id (-100… or @channelname)',
      },
    ]);
}

export async function removeChannel(caller: Caller, id: number): Promise<ChannelRow> {
  return caller.asUser(async (db) => {
    const row = await deleteChannel(db, id);
    if (!row) throw new AppError('NOT_FOUND', `no notification channel ${id}`);
    await auditChannel(db, {
      ...actorOf(caller),
      action: 'notifications.delete_channel',
      channelId: id,
      details: { name: row.name },
    });
    return row;
  });
}

/**
 * Sends a test message now, on the caller's request, and says how it went; the attempt is in the
 * delivery log like any other (kind 'test', never retried: the operator is watching).
 */
export async function sendTest(
  caller: Caller,
  sender: SenderDeps,
  id: number,
): Promise<{ deliveryId: number; outcome: SendOutcome }> {
  const { channel, deliveryId, createdAt } = await caller.asUser(async (db) => {
    const found = await findChannel(db, id);
    if (!found) throw new AppError('NOT_FOUND', `no notification channel ${id}`);
    const { rows } = await db.query<{ id: number; createdAt: string }>(
      `INSERT INTO notification_deliveries (channel_id, owner_id, kind, title, body, status, attempts, lease_until)
       VALUES ($1, $2, 'test', $3, $4, 'sending', 1, now() + interval '1 minute')
       RETURNING id::int, to_json(created_at) #>> '{}' AS "createdAt"`,
      [
        found.id,
        found.ownerId,
        `Test from QuantTrade: ${found.name}`,
        'If you can read this, the channel works.',
      ],
    );
    return { channel: found, deliveryId: rows[0]!.id, createdAt: rows[0]!.createdAt };
  });
  const outcome = await sendOnChannel(sender, channel, {
    deliveryId,
    kind: 'test',
    eventType: null,
    title: `Test from QuantTrade: ${channel.name}`,
    text: 'If you can read this, the channel works.',
    payload: {},
    createdAt,
    attempt: 1,
  });
  await caller.asUser((db) =>
    recordAttempt(db, {
      id: deliveryId,
      attempt: 1,
      status: outcome.ok ? 'delivered' : 'failed',
      responseStatus: outcome.status ?? null,
      error: outcome.ok ? null : (outcome.error ?? 'failed'),
    }),
  );
  return { deliveryId, outcome };
}
