// Access tokens of the fake Dhan: JWT-shaped like Dhan's (payload with dhanClientId and exp), signed
// with a per-server secret so a made-up token is refused. Expiry and revocation are the faults
// the link must survive: DH-901 on REST, disconnect 807 on the feed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenCheck {
  ok: boolean;
  clientId?: string;
  /** Why it was refused. */
  problem?: 'invalid' | 'expired';
}

export function createTokenAuthority(now: () => number = Date.now) {
  const secret = randomBytes(32);
  const revoked = new Set<string>();
  const issued: string[] = [];
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sign = (data: string) => createHmac('sha256', secret).update(data).digest('base64url');

  return {
    /** A token for `clientId`, valid `ttlMs` (Dhan: 24 h). */
    issue(clientId: string, ttlMs = 24 * 3600_000): string {
      const head = b64({ typ: 'JWT', alg: 'HS512' });
      const body = b64({
        iss: 'dhan',
        partnerId: '',
        exp: Math.floor((now() + ttlMs) / 1000),
        tokenConsumerType: 'SELF',
        dhanClientId: clientId,
        nonce: randomBytes(4).toString('hex'),
      });
      const token = `${head}.${body}.${sign(`${head}.${body}`)}`;
      issued.push(token);
      return token;
    },
    check(token: string | undefined): TokenCheck {
      if (!token) return { ok: false, problem: 'invalid' };
      const parts = token.split('.');
      if (parts.length !== 3) return { ok: false, problem: 'invalid' };
      const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`));
      const given = Buffer.from(parts[2]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, problem: 'invalid' };
      const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as {
        exp: number;
        dhanClientId: string;
      };
      if (revoked.has(token) || payload.exp * 1000 <= now())
        return { ok: false, problem: 'expired', clientId: payload.dhanClientId };
      return { ok: true, clientId: payload.dhanClientId };
    },
    /** Every token issued so far (tests grep logs for them). */
    issued: () => [...issued],
    /** Expiry of a token this authority issued, epoch ms. */
    expiryOf(token: string): number | undefined {
      const part = token.split('.')[1];
      if (!part) return undefined;
      try {
        return (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp: number }).exp * 1000;
      } catch {
        return undefined;
      }
    },
    /** The token stops working now (what expiry at 24 h, or a renewal, does). */
    revoke(token: string): void {
      revoked.add(token);
    },
  };
}

export type TokenAuthority = ReturnType<typeof createTokenAuthority>;
