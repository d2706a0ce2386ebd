// Broker accounts (sql 001 + 011): CRUD under the caller's row-level-security scope, credentials
// encrypted before they reach the database (credential-cipher.ts), every change audited. Reads
// return summaries — the token never leaves, the client id only as a masked hint. The daemon's
// own reads (the link supervisor) are in account-credentials.ts.
import { z } from 'zod';
import { AppError } from '../core/errors';
import { parseOrThrow } from '../core/zod-issues';
import type { PoolClient } from '../db/pool';
import { tokenClientId, tokenExpiry } from './dhan';
import {
  decryptCredentials,
  encryptCredentials,
  maskClientId,
  type BrokerKeyring,
} from './credential-cipher';

type Queryable = Pick<PoolClient, 'query'>;

export interface AccountActor {
  /** 'user:<id>', 'token:<id>' or 'system' (the CLI). */
  label: string;
  userId?: number;
}

export interface BrokerAccountSummary {
  id: number;
  ownerId: number;
  broker: 'dhan' | 'paper';
  label: string;
  /** Masked (******0001); the real id is only inside the encrypted credentials. */
  clientIdHint: string | null;
  hasCredentials: boolean;
  keyId: string | null;
  tokenExpiresAt: string | null;
  tokenSetAt: string | null;
  linkEnabled: boolean;
  autoRenew: boolean;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, owner_id, broker, label, client_id, credentials_encrypted IS NOT NULL AS has_credentials, key_id,
  token_expires_at, token_set_at, link_enabled, auto_renew, created_at, updated_at`;

interface Row {
  id: number;
  owner_id: number;
  broker: 'dhan' | 'paper';
  label: string;
  client_id: string | null;
  has_credentials: boolean;
  key_id: string | null;
  token_expires_at: Date | null;
  token_set_at: Date | null;
  link_enabled: boolean;
  auto_renew: boolean;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function summary(r: Row): BrokerAccountSummary {
  return {
    id: r.id,
    ownerId: r.owner_id,
    broker: r.broker,
    label: r.label,
    clientIdHint: r.client_id,
    hasCredentials: r.has_credentials,
    keyId: r.key_id,
    tokenExpiresAt: iso(r.token_expires_at),
    tokenSetAt: iso(r.token_set_at),
    linkEnabled: r.link_enabled,
    autoRenew: r.auto_renew,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export const labelSchema = z.string().trim().min(1).max(100);
export const clientIdSchema = z
  .string()
  .trim()
  .regex(/^\d{4,20}$/, 'a Dhan client id (digits, e.g. 1000000001)');
export const accessTokenSchema = z
  .string()
  .trim()
  .min(20, 'an access token from web.dhan.co (at least 20 characters)')
  .max(4096)
  .regex(/^\S+$/, 'an access token without spaces');

/** Refuses a token that has visibly expired or was issued for another client id. */
export function checkToken(clientId: string, token: string, now: number): number | undefined {
  const forClient = tokenClientId(token);
  if (forClient && forClient !== clientId)
    throw new AppError(
      'VALIDATION_FAILED',
      `accessToken: the token was issued for client ${maskClientId(forClient)}, not ${maskClientId(clientId)}`,
    );
  const expires = tokenExpiry(token);
  if (expires !== undefined && expires <= now)
    throw new AppError(
      'VALIDATION_FAILED',
      `accessToken: the token expired at ${new Date(expires).toISOString()}; generate a new one on web.dhan.co`,
    );
  return expires;
}

export async function auditAccount(
  db: Queryable,
  actor: AccountActor,
  action: string,
  accountId: number,
  details: Record<string, unknown> = {},
) {
  await db.query(
    'INSERT INTO audit_log (actor, actor_user_id, action, target, details) VALUES ($1, $2, $3, $4, $5)',
    [actor.label, actor.userId ?? null, action, `broker_account:${accountId}`, JSON.stringify(details)],
  );
}

async function one(db: Queryable, sql: string, params: unknown[], id: number): Promise<Row> {
  const { rows } = await db.query<Row>(sql, params);
  if (!rows[0])
    throw new AppError('NOT_FOUND', `no broker account ${id} (or it is not yours)`, { accountId: id });
  return rows[0];
}

export async function createDhanAccount(
  db: Queryable,
  keyring: BrokerKeyring,
  input: { ownerId: number; label: string; clientId: string; accessToken: string; autoRenew?: boolean },
  actor: AccountActor,
): Promise<BrokerAccountSummary> {
  const v = parseOrThrow(
    z.object({ label: labelSchema, clientId: clientIdSchema, accessToken: accessTokenSchema }),
    input,
    'broker account',
  );
  const expires = checkToken(v.clientId, v.accessToken, Date.now());
  const { rows } = await db.query<{ id: number; clash: boolean }>(
    `INSERT INTO broker_accounts (owner_id, broker, label, client_id) VALUES ($1, 'dhan', $2, $3)
     ON CONFLICT (owner_id, label) DO NOTHING RETURNING id, false AS clash`,
    [input.ownerId, v.label, maskClientId(v.clientId)],
  );
  if (!rows[0])
    throw new AppError('CONFLICT', `a broker account named "${v.label}" exists already`, { label: v.label });
  const id = rows[0].id;
  const blob = encryptCredentials(keyring.current, id, { clientId: v.clientId, accessToken: v.accessToken });
  const row = await one(
    db,
    `UPDATE broker_accounts SET credentials_encrypted = $2, key_id = $3, token_expires_at = $4, token_set_at = now(), auto_renew = $5
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, blob, keyring.current.id, expires ? new Date(expires) : null, input.autoRenew ?? false],
    id,
  );
  await auditAccount(db, actor, 'broker.account_create', id, { label: v.label, broker: 'dhan' });
  return summary(row);
}

export async function listAccounts(db: Queryable): Promise<BrokerAccountSummary[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM broker_accounts ORDER BY id`);
  return rows.map(summary);
}

export async function getAccount(db: Queryable, id: number): Promise<BrokerAccountSummary> {
  return summary(await one(db, `SELECT ${COLUMNS} FROM broker_accounts WHERE id = $1`, [id], id));
}

export async function updateAccount(
  db: Queryable,
  id: number,
  change: { label?: string; autoRenew?: boolean; linkEnabled?: boolean },
  actor: AccountActor,
): Promise<BrokerAccountSummary> {
  const label =
    change.label === undefined ? undefined : parseOrThrow(z.object({ label: labelSchema }), change).label;
  const row = await one(
    db,
    `UPDATE broker_accounts SET label = coalesce($2, label), auto_renew = coalesce($3, auto_renew), link_enabled = coalesce($4, link_enabled)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, label ?? null, change.autoRenew ?? null, change.linkEnabled ?? null],
    id,
  ).catch((err: { code?: string }) => {
    if (err.code === '23505')
      throw new AppError('CONFLICT', `a broker account named "${label}" exists already`);
    throw err;
  });
  await auditAccount(db, actor, 'broker.account_update', id, { ...change });
  return summary(row);
}

export async function deleteAccount(db: Queryable, id: number, actor: AccountActor): Promise<void> {
  try {
    await one(db, `DELETE FROM broker_accounts WHERE id = $1 RETURNING ${COLUMNS}`, [id], id);
  } catch (err) {
    if ((err as { code?: string }).code === '23503')
      throw new AppError(
        'CONFLICT',
        `broker account ${id} has deployments, orders or positions: it cannot be deleted (disconnect it instead)`,
      );
    throw err;
  }
  await auditAccount(db, actor, 'broker.account_delete', id);
}

/** A new access token (and optionally client id) without restarting anything. */
export async function setAccessToken(
  db: Queryable,
  keyring: BrokerKeyring,
  id: number,
  input: { accessToken: string; clientId?: string },
  actor: AccountActor,
): Promise<BrokerAccountSummary> {
  const token = parseOrThrow(z.object({ accessToken: accessTokenSchema }), input).accessToken;
  const { rows } = await db.query<{ blob: Buffer | null; key_id: string | null; broker: string }>(
    'SELECT credentials_encrypted AS blob, key_id, broker FROM broker_accounts WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!rows[0])
    throw new AppError('NOT_FOUND', `no broker account ${id} (or it is not yours)`, { accountId: id });
  if (rows[0].broker !== 'dhan')
    throw new AppError(
      'VALIDATION_FAILED',
      `broker account ${id} is a ${rows[0].broker} account: it has no token`,
    );
  const clientId = input.clientId
    ? parseOrThrow(z.object({ clientId: clientIdSchema }), input).clientId
    : rows[0].blob && rows[0].key_id
      ? decryptCredentials(keyring, rows[0].key_id, id, rows[0].blob).clientId
      : undefined;
  if (!clientId)
    throw new AppError(
      'VALIDATION_FAILED',
      `clientId: got missing, expected the Dhan client id (account ${id} has none stored)`,
    );
  const expires = checkToken(clientId, token, Date.now());
  const blob = encryptCredentials(keyring.current, id, { clientId, accessToken: token });
  const row = await one(
    db,
    `UPDATE broker_accounts SET credentials_encrypted = $2, key_id = $3, client_id = $4, token_expires_at = $5, token_set_at = now()
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, blob, keyring.current.id, maskClientId(clientId), expires ? new Date(expires) : null],
    id,
  );
  await auditAccount(db, actor, 'broker.token_set', id, {
    expiresAt: expires ? new Date(expires).toISOString() : null,
  });
  return summary(row);
}
