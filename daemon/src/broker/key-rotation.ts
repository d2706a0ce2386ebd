// Key rotation: every stored credential is decrypted with the keyring it was written under and
// encrypted again with the new key, in one transaction — either every account moves to the new
// key or none does (a row that does not decrypt stops the rotation, naming the account).
import { withTransaction, type Pool } from '../db/pool';
import {
  decryptCredentials,
  encryptCredentials,
  type BrokerKey,
  type BrokerKeyring,
} from './credential-cipher';

export interface RotationResult {
  reencrypted: number;
  alreadyCurrent: number;
  newKeyId: string;
}

export async function rotateBrokerKey(
  pool: Pool,
  keyring: BrokerKeyring,
  next: BrokerKey,
): Promise<RotationResult> {
  return withTransaction(pool, async (db) => {
    const { rows } = await db.query<{ id: number; blob: Buffer; key_id: string }>(
      'SELECT id, credentials_encrypted AS blob, key_id FROM broker_accounts WHERE credentials_encrypted IS NOT NULL ORDER BY id FOR UPDATE',
    );
    const readable: BrokerKeyring = { current: next, previous: keyring.current };
    let reencrypted = 0;
    let alreadyCurrent = 0;
    for (const r of rows) {
      if (r.key_id === next.id) {
        alreadyCurrent++;
        continue;
      }
      const credentials = decryptCredentials(
        r.key_id === keyring.previous?.id ? keyring : readable,
        r.key_id,
        r.id,
        r.blob,
      );
      await db.query('UPDATE broker_accounts SET credentials_encrypted = $2, key_id = $3 WHERE id = $1', [
        r.id,
        encryptCredentials(next, r.id, credentials),
        next.id,
      ]);
      reencrypted++;
    }
    await db.query(
      "INSERT INTO audit_log (actor, action, target, details) VALUES ('system', 'broker.key_rotate', NULL, $1)",
      [JSON.stringify({ reencrypted, newKeyId: next.id })],
    );
    return { reencrypted, alreadyCurrent, newKeyId: next.id };
  });
}
