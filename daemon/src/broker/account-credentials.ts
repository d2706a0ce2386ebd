// The daemon's own reads and writes of broker accounts, outside any user scope: decrypted
// credentials for the link, renewed tokens, the accounts an operator connected, and the nudge the
// CLI (which has no bus) sends through the event bridge's channel.
import type { Pool, PoolClient } from '../db/pool';
import { EVENTS_CHANNEL } from '../events/pg-bridge';
import { AppError } from '../core/errors';
import { auditAccount } from './account-store';
import {
  decryptCredentials,
  encryptCredentials,
  type BrokerKeyring,
  type StoredCredentials,
} from './credential-cipher';

type Queryable = Pick<PoolClient, 'query'>;

export interface AccountCredentials extends StoredCredentials {
  accountId: number;
  ownerId: number;
  label: string;
  autoRenew: boolean;
  linkEnabled: boolean;
  tokenExpiresAt?: number;
}

/** The daemon's own read (no user scope): decrypted credentials of one Dhan account. */
export async function readCredentials(
  pool: Queryable,
  keyring: BrokerKeyring,
  id: number,
): Promise<AccountCredentials> {
  const { rows } = await pool.query<{
    blob: Buffer | null;
    key_id: string | null;
    owner_id: number;
    label: string;
    auto_renew: boolean;
    link_enabled: boolean;
    token_expires_at: Date | null;
  }>(
    `SELECT credentials_encrypted AS blob, key_id, owner_id, label, auto_renew, link_enabled, token_expires_at
       FROM broker_accounts WHERE id = $1 AND broker = 'dhan'`,
    [id],
  );
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND', `no Dhan broker account ${id}`);
  if (!r.blob || !r.key_id)
    throw new AppError(
      'CONFLICT',
      `broker account ${id} has no credentials: set a token (quanttrade broker token)`,
    );
  return {
    ...decryptCredentials(keyring, r.key_id, id, r.blob),
    accountId: id,
    ownerId: r.owner_id,
    label: r.label,
    autoRenew: r.auto_renew,
    linkEnabled: r.link_enabled,
    tokenExpiresAt: r.token_expires_at?.getTime(),
  };
}

/** Stores a renewed token (the daemon's own write, after Dhan's /RenewToken). */
/** Stores a renewed token (the daemon's own write, after Dhan's /RenewToken); returns token_set_at. */
export async function storeRenewedToken(
  pool: Pool,
  keyring: BrokerKeyring,
  id: number,
  credentials: StoredCredentials,
  expiresAt: number | undefined,
): Promise<number> {
  const { rows } = await pool.query<{ set_at: Date }>(
    `UPDATE broker_accounts SET credentials_encrypted = $2, key_id = $3, token_expires_at = $4, token_set_at = now() WHERE id = $1 RETURNING token_set_at AS set_at`,
    [
      id,
      encryptCredentials(keyring.current, id, credentials),
      keyring.current.id,
      expiresAt ? new Date(expiresAt) : null,
    ],
  );
  await auditAccount(pool, { label: 'system' }, 'broker.token_renew', id, {
    expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
  });
  return rows[0]?.set_at.getTime() ?? 0;
}

/** Accounts an operator connected, with when their token was last set (a change means reload). */
export async function enabledDhanAccounts(
  pool: Queryable,
): Promise<{ id: number; tokenSetAt: number; autoRenew: boolean }[]> {
  const { rows } = await pool.query<{ id: number; token_set_at: Date | null; auto_renew: boolean }>(
    "SELECT id, token_set_at, auto_renew FROM broker_accounts WHERE link_enabled AND broker = 'dhan' AND credentials_encrypted IS NOT NULL ORDER BY id",
  );
  return rows.map((r) => ({ id: r.id, tokenSetAt: r.token_set_at?.getTime() ?? 0, autoRenew: r.auto_renew }));
}

/** Tells every daemon (through the event bridge's channel) that an account changed — for the CLI, which has no bus. */
export async function notifyAccountChanged(
  pool: Queryable,
  accountId: number,
  ownerId: number,
  change: string,
): Promise<void> {
  const event = {
    type: 'broker.account_changed',
    payload: { accountId, change },
    ownerId,
    at: new Date().toISOString(),
    origin: 'cli',
  };
  await pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(event)]);
}
