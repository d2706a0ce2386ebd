// Secrets at rest (notification channels' webhook keys and bot tokens): AES-256-GCM with a key
// that lives outside the database (an environment variable or a key file: secret-keyring.ts).
// Layout: iv (12 bytes) || tag (16) || ciphertext. The caller's `context` (the row it belongs to,
// e.g. "notification_channel:7") is authenticated data, so ciphertext copied onto another row
// does not decrypt. Each key has an id (a hash prefix, never the key) stored beside the
// ciphertext: a daemon holding another key says which it would need instead of failing obscurely.
//
// The broker link (the `dhan` branch, broker/credential-cipher.ts) encrypts broker credentials the
// same way; the two are meant to become one module — this one is neutral (no domain knowledge).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../core/errors';

export interface SecretKey {
  /** 16 hex characters of SHA-256(key). */
  id: string;
  material: Buffer;
}

export interface SealedSecret {
  keyId: string;
  blob: Buffer;
}

export function secretKey(material: Buffer): SecretKey {
  if (material.length !== 32)
    throw new AppError('CONFIG_INVALID', `a secret key is 32 bytes; got ${material.length}`);
  return { id: createHash('sha256').update(material).digest('hex').slice(0, 16), material };
}

/** A key from its text form: 64 hex characters, or base64 / base64url of 32 bytes. */
export function parseSecretKey(text: string, source: string): SecretKey {
  const t = text.trim();
  let material: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) material = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t))
    material = Buffer.from(t, /[-_]/.test(t) ? 'base64url' : 'base64');
  if (!material || material.length !== 32)
    throw new AppError(
      'CONFIG_INVALID',
      `${source}: expected a 32-byte key as 64 hex characters or base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  return secretKey(material);
}

export function generateKeyText(): string {
  return randomBytes(32).toString('base64');
}

export function sealSecret(key: SecretKey, context: string, plaintext: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: key.id, blob: Buffer.concat([iv, cipher.getAuthTag(), data]) };
}

export function openSecret(key: SecretKey, context: string, sealed: SealedSecret): string {
  if (sealed.keyId !== key.id) {
    throw new AppError(
      'CONFIG_INVALID',
      `${context}: its secret is encrypted with key ${sealed.keyId}, but this daemon has key ${key.id}: configure that key (QUANTTRADE_SECRET_KEY / QUANTTRADE_SECRET_KEY_FILE) or set the secret again`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.material, sealed.blob.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.blob.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.blob.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError(
      'INVARIANT_BROKEN',
      `${context}: the stored secret does not decrypt with key ${key.id} (tampered or corrupted)`,
    );
  }
}

/** "…wxyz": enough to recognise a secret in a list, never enough to use it. */
export function secretHint(secret: string): string {
  return secret.length <= 8 ? '…' : `…${secret.slice(-4)}`;
}
