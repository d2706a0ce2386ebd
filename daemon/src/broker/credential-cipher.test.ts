import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  brokerKey,
  decryptCredentials,
  encryptCredentials,
  generateKeyText,
  maskClientId,
  parseBrokerKey,
} from './credential-cipher';

const creds = { clientId: '1000000001', accessToken: 'eyJhbGciOiJIUzUxMiJ9.payload.signature' };

describe('broker credential cipher (AES-256-GCM)', () => {
  it('round-trips, and the stored bytes show neither the token nor the client id', () => {
    const key = brokerKey(randomBytes(32));
    const blob = encryptCredentials(key, 7, creds);
    expect(blob.length).toBe(12 + 16 + Buffer.byteLength(JSON.stringify(creds)));
    expect(blob.includes(Buffer.from(creds.accessToken))).toBe(false);
    expect(blob.includes(Buffer.from(creds.clientId))).toBe(false);
    expect(decryptCredentials({ current: key }, key.id, 7, blob)).toEqual(creds);
    // A fresh IV every time.
    expect(encryptCredentials(key, 7, creds).equals(blob)).toBe(false);
  });

  it('a ciphertext moved to another account, or altered, does not decrypt', () => {
    const key = brokerKey(randomBytes(32));
    const blob = encryptCredentials(key, 7, creds);
    expect(() => decryptCredentials({ current: key }, key.id, 8, blob)).toThrow(
      /account 8: the stored credentials do not decrypt/,
    );
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decryptCredentials({ current: key }, key.id, 7, tampered)).toThrow(/tampered or corrupted/);
  });

  it('names the key it needs when the daemon has another; reads with the previous key during a rotation', () => {
    const old = brokerKey(randomBytes(32));
    const next = brokerKey(randomBytes(32));
    const blob = encryptCredentials(old, 3, creds);
    expect(() => decryptCredentials({ current: next }, old.id, 3, blob)).toThrow(
      `broker account 3: its credentials are encrypted with key ${old.id}, but this daemon has key ${next.id}`,
    );
    expect(decryptCredentials({ current: next, previous: old }, old.id, 3, blob)).toEqual(creds);
  });

  it('parses keys as base64 or hex, refuses anything else without echoing it', () => {
    const text = generateKeyText();
    const a = parseBrokerKey(text, 'QUANTTRADE_BROKER_KEY');
    const b = parseBrokerKey(Buffer.from(text, 'base64').toString('hex'), 'x');
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    const err = (() => {
      try {
        parseBrokerKey('not-a-key-at-all', 'QUANTTRADE_BROKER_KEY');
      } catch (e) {
        return e as Error;
      }
    })()!;
    expect(err.message).toMatch(
      /QUANTTRADE_BROKER_KEY: expected a 32-byte key as 64 hex characters or base64/,
    );
    expect(err.message).not.toContain('not-a-key-at-all');
  });

  it('masks client ids to their last four digits', () => {
    expect(maskClientId('1000000001')).toBe('******0001');
  });
});
