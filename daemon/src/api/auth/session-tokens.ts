// Short-lived login tokens: `qts.<payload>.<signature>`, payload = base64url JSON
// {uid, exp, iat}, signature = HMAC-SHA256 with a key kept in the settings table. Every daemon
// on the database reads the same key, so a token issued by one is accepted by all. The user is
// still looked up on use, so disabling a user or changing a role takes effect at once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from '../../db/pool';
import { getOrCreateSetting } from '../../db/settings-store';

export const SESSION_PREFIX = 'qts.';
const KEY_SETTING = 'auth.session_signing_key';

export interface SessionClaims {
  uid: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  iat: number;
}

export interface SessionSigner {
  sign(userId: number, ttlSeconds: number, nowMs?: number): { token: string; expiresAt: Date };
  /** The claims of a valid, unexpired token; undefined otherwise. */
  verify(token: string, nowMs?: number): SessionClaims | undefined;
}

export async function loadSigningKey(pool: Pool): Promise<Buffer> {
  const stored = await getOrCreateSetting(pool, KEY_SETTING, () => ({
    key: randomBytes(32).toString('base64'),
  }));
  return Buffer.from(stored.key, 'base64');
}

export function createSessionSigner(key: Buffer): SessionSigner {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    sign(userId, ttlSeconds, nowMs = Date.now()) {
      const iat = Math.floor(nowMs / 1000);
      const claims: SessionClaims = { uid: userId, exp: iat + ttlSeconds, iat };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `${SESSION_PREFIX}${payload}.${mac(payload)}`, expiresAt: new Date(claims.exp * 1000) };
    },
    verify(token, nowMs = Date.now()) {
      if (!token.startsWith(SESSION_PREFIX)) return undefined;
      const [payload, signature] = token.slice(SESSION_PREFIX.length).split('.');
      if (!payload || !signature) return undefined;
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
        if (!Number.isInteger(claims.uid) || typeof claims.exp !== 'number') return undefined;
        return claims.exp * 1000 > nowMs ? claims : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
