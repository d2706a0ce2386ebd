import { describe, expect, it } from 'vitest';
import { openSecret, parseSecretKey, sealSecret, secretHint, secretKey } from './secret-box';

const key = secretKey(Buffer.alloc(32, 7));

describe('secret box', () => {
  it('round-trips, bound to its row: ciphertext moved to another row does not open', () => {
    const sealed = sealSecret(key, 'notification_channel:1', 'bot-token-123');
    expect(sealed.blob.includes(Buffer.from('bot-token-123'))).toBe(false);
    expect(openSecret(key, 'notification_channel:1', sealed)).toBe('bot-token-123');
    expect(() => openSecret(key, 'notification_channel:2', sealed)).toThrow(/does not decrypt/);
  });

  it('detects tampering and names the key it would need', () => {
    const sealed = sealSecret(key, 'c', 'secret');
    sealed.blob[sealed.blob.length - 1]! ^= 1;
    expect(() => openSecret(key, 'c', sealed)).toThrow(/tampered or corrupted/);
    const other = secretKey(Buffer.alloc(32, 8));
    expect(() => openSecret(other, 'c', sealSecret(key, 'c', 's'))).toThrow(
      new RegExp(`encrypted with key ${key.id}, but this daemon has key ${other.id}`),
    );
  });

  it('reads keys as hex or base64 and refuses anything else', () => {
    expect(parseSecretKey('07'.repeat(32), 'env').id).toBe(key.id);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'), 'env').id).toBe(key.id);
    expect(() => parseSecretKey('short', 'QUANTTRADE_SECRET_KEY')).toThrow(
      /QUANTTRADE_SECRET_KEY: expected a 32-byte key/,
    );
    expect(secretHint('whsec_abcdefgh1234')).toBe('…1234');
    expect(secretHint('short')).toBe('…');
  });
});
