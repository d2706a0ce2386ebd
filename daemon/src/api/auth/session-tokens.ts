// Short-lived login tokens: `qts.<payload>.<signature>`, payload = base64url JSON claims,
// signature = HMAC-SHA256 with a key kept in the settings table. Every daemon on the database
// reads the same key, so a token issued by one is accepted by all. The signature only proves the
// daemon issued the token; whether the session still stands is decided on use (auth-service.ts):
// the user must be enabled, the session epoch must be the user's current one (a password change
// moves it on, ending every other session), and a session minted from an API token (`tid`) dies
// with that token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from '../../db/pool';
import { getOrCreateSetting } from '../../db/settings-store';

export const SESSION_PREFIX = 'qts.';
const KEY_SETTING = 'auth.session_signing_key';

/**
 * The exact shape of a session token: the prefix, a payload of base64url characters (claims are
 * a few dozen bytes; 1,024 characters is ample) and a 43-character HMAC-SHA256 signature.
 * Anything else (extra segments, padding, stray characters) is not a session token.
 */
const SESSION_TOKEN = /^qts\.([A-Za-z0-9_-]{1,1024})\.([A-Za-z0-9_-]{43})$/;

export interface SessionClaims {
  uid: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  iat: number;
  /** The user's session epoch when issued (users.session_epoch). */
  ep: number;
  /** When the user signed in (seconds): refreshes keep it, so a session cannot live forever. */
  auth: number;
  /** The API token this session was minted from (auth.refresh called with a token). */
  tid?: number;
}

export type SessionGrant = Pick<SessionClaims, 'uid' | 'ep' | 'auth' | 'tid'>;

export interface SessionSigner {
  sign(grant: SessionGrant, ttlSeconds: number, nowMs?: number): { token: string; expiresAt: Date };
  /** The claims of a well-formed, validly signed, unexpired token; undefined otherwise. */
  verify(token: string, nowMs?: number): SessionClaims | undefined;
}

export async function loadSigningKey(pool: Pool): Promise<Buffer> {
  const stored = await getOrCreateSetting(pool, KEY_SETTING, () => ({
    key: randomBytes(32).toString('base64'),
  }));
  return Buffer.from(stored.key, 'base64');
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function validClaims(value: unknown): value is SessionClaims {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const c = value as Record<string, unknown>;
  return (
    isCount(c.uid) &&
    isCount(c.exp) &&
    isCount(c.iat) &&
    isCount(c.ep) &&
    isCount(c.auth) &&
    (c.tid === undefined || isCount(c.tid))
  );
}

export function createSessionSigner(key: Buffer): SessionSigner {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    sign(grant, ttlSeconds, nowMs = Date.now()) {
      const iat = Math.floor(nowMs / 1000);
      const claims: SessionClaims = { ...grant, exp: iat + ttlSeconds, iat };
      if (claims.tid === undefined) delete claims.tid;
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `${SESSION_PREFIX}${payload}.${mac(payload)}`, expiresAt: new Date(claims.exp * 1000) };
    },
    verify(token, nowMs = Date.now()) {
      const match = SESSION_TOKEN.exec(token);
      if (!match) return undefined;
      const [, payload, signature] = match as unknown as [string, string, string];
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      if (!validClaims(claims)) return undefined;
      return claims.exp * 1000 > nowMs ? claims : undefined;
    },
  };
}
