// Broker credentials at rest: AES-256-GCM with a key that lives outside the database (an
// environment variable or a key file). Layout of broker_accounts.credentials_encrypted (sql 001):
// iv (12 bytes) || tag (16) || ciphertext. The account id is authenticated data, so a ciphertext
// copied onto another row does not decrypt. Each key has an id (a hash prefix, not the key) stored
// beside the ciphertext: a daemon holding another key says so instead of failing obscurely, and
// key rotation knows which rows to re-encrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../core/errors';

export interface BrokerKey {
  /** 16 hex characters of SHA-256(key). */
  id: string;
  material: Buffer;
}

/** The key new credentials are encrypted with, and an older one still accepted for reading. */
export interface BrokerKeyring {
  current: BrokerKey;
  previous?: BrokerKey;
}

export interface StoredCredentials {
  clientId: string;
  accessToken: string;
}

export function brokerKey(material: Buffer): BrokerKey {
  if (material.length !== 32)
    throw new AppError('CONFIG_INVALID', `a broker key is 32 bytes; got ${material.length}`);
  return { id: createHash('sha256').update(material).digest('hex').slice(0, 16), material };
}

/** A key from its text form: 64 hex characters or base64 of 32 bytes (what `broker key-gen` writes). */
export function parseBrokerKey(text: string, source: string): BrokerKey {
  const t = text.trim();
  let material: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) material = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t))
    material = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  if (!material || material.length !== 32)
    throw new AppError(
      'CONFIG_INVALID',
      `${source}: expected a 32-byte key as 64 hex characters or base64 (generate one with quanttrade broker key-gen --out FILE)`,
    );
  return brokerKey(material);
}

export function generateKeyText(): string {
  return randomBytes(32).toString('base64');
}

const aad = (accountId: number) => Buffer.from(`broker_account:${accountId}`);

export function encryptCredentials(
  key: BrokerKey,
  accountId: number,
  credentials: StoredCredentials,
): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  cipher.setAAD(aad(accountId));
  const data = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

export function decryptCredentials(
  keyring: BrokerKeyring,
  keyId: string,
  accountId: number,
  blob: Buffer,
): StoredCredentials {
  const key = [keyring.current, keyring.previous].find((k) => k?.id === keyId);
  if (!key) {
    throw new AppError(
      'CONFIG_INVALID',
      `broker account ${accountId}: its credentials are encrypted with key ${keyId}, but this daemon has key ${keyring.current.id}${keyring.previous ? ` (and ${keyring.previous.id})` : ''}: configure that key (QUANTTRADE_BROKER_KEY / QUANTTRADE_BROKER_KEY_FILE) or set the token again`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.material, blob.subarray(0, 12));
    decipher.setAAD(aad(accountId));
    decipher.setAuthTag(blob.subarray(12, 28));
    const text = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(text) as StoredCredentials;
    if (typeof parsed.clientId !== 'string' || typeof parsed.accessToken !== 'string')
      throw new Error('bad shape');
    return parsed;
  } catch {
    throw new AppError(
      'INVARIANT_BROKEN',
      `broker account ${accountId}: the stored credentials do not decrypt with key ${keyId} (tampered or corrupted)`,
    );
  }
}

/** ******0001: enough to tell accounts apart in a list, not enough to be the id. */
export function maskClientId(clientId: string): string {
  return `${'*'.repeat(Math.max(0, clientId.length - 4))}${clientId.slice(-4)}`;
}
