// Authentication and account management: login (rate-limited, audited), resolving a bearer
// token to a user, and the user/token changes the routers and `quanttrade user` perform. Every
// change writes its audit row in the same transaction, and announces itself on the bus so that
// every daemon drops cached credentials.
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import { withTransaction, type Pool } from '../../db/pool';
import type { Role } from '../../db/user-scope';
import type { EventBus } from '../../events/event-bus';
import type { AuthMetrics } from '../../metrics/auth-metrics';
import { API_TOKEN_PREFIX, findLiveToken, touchToken } from './api-tokens';
import { writeAudit } from './audit';
import { createCredentialCache } from './credential-cache';
import { loginRetryAfter, type LoginLimits } from './login-limiter';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password';
import { SESSION_PREFIX, type SessionSigner } from './session-tokens';
import { findUserById, findUserForLogin, updateUser, type UserRow } from './users-store';

/** Who is calling: resolved from a session or API token. */
export interface AuthUser {
  id: number;
  email: string;
  role: Role;
  via: 'session' | 'token';
  /** The API token's id when via = 'token'. */
  tokenId?: number;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserRow;
}

export interface AuthService {
  authenticate(token: string): Promise<AuthUser | undefined>;
  login(input: { email: string; password: string; ip: string }): Promise<LoginResult>;
  /** A fresh session token for a user already authenticated. */
  issueSession(userId: number): { token: string; expiresAt: string };
  /** Drops cached credentials (after a change made elsewhere). */
  forget(): void;
}

export interface AuthServiceOptions {
  pool: Pool;
  signer: SessionSigner;
  bus: EventBus;
  metrics: AuthMetrics;
  log: Logger;
  sessionTtlSeconds: number;
  limits: LoginLimits;
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { pool, signer, metrics, log } = options;
  const cache = createCredentialCache({ ttlMs: 5000 });
  let dummyHash: Promise<string> | undefined;
  options.bus.subscribe(['auth.changed'], () => cache.clear());

  async function resolve(token: string): Promise<AuthUser | undefined> {
    if (token.startsWith(SESSION_PREFIX)) {
      const claims = signer.verify(token);
      if (!claims) return undefined;
      const user = await findUserById(pool, claims.uid);
      return user && !user.disabledAt
        ? { id: user.id, email: user.email, role: user.role, via: 'session' }
        : undefined;
    }
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const found = await findLiveToken(pool, token);
    if (!found) return undefined;
    const user = await findUserById(pool, found.userId);
    if (!user || user.disabledAt) return undefined;
    void touchToken(pool, found.id).catch((err: Error) =>
      log.warn({ err: err.message }, 'token last-used update failed'),
    );
    return { id: user.id, email: user.email, role: user.role, via: 'token', tokenId: found.id };
  }

  async function failLogin(email: string, ip: string, reason: string, userId?: number): Promise<never> {
    await writeAudit(pool, { actor: email, action: 'auth.login_failed', ip, details: { reason } });
    metrics.logins.inc({ outcome: 'bad_credentials' });
    // Not the email typed: people type their password into it by mistake (the audit log has it).
    log.info({ ...(userId === undefined ? {} : { userId }), ip, reason }, 'login failed');
    throw new AppError('UNAUTHENTICATED', 'wrong email or password');
  }

  return {
    authenticate(token) {
      return cache.get(token, () => resolve(token));
    },
    async login({ email, password, ip }) {
      const retryAfter = await loginRetryAfter(pool, { email, ip }, options.limits);
      if (retryAfter !== undefined) {
        metrics.logins.inc({ outcome: 'rate_limited' });
        await writeAudit(pool, { actor: email, action: 'auth.login_limited', ip });
        log.warn({ ip, retryAfterSeconds: retryAfter }, 'login refused: too many failed logins');
        throw new AppError('RATE_LIMITED', `too many failed logins; try again in ${retryAfter} s`, {
          retryAfterSeconds: retryAfter,
        });
      }
      const user = await findUserForLogin(pool, email);
      const ok = await verifyPassword(
        password,
        user?.passwordHash ?? (await (dummyHash ??= DUMMY_HASH_PROMISE())),
      );
      if (!user || !ok) return failLogin(email, ip, user ? 'wrong password' : 'unknown email', user?.id);
      if (user.disabledAt) return failLogin(email, ip, 'account disabled', user.id);
      const row = await withTransaction(pool, async (client) => {
        const updated = await updateUser(client, user.id, { loggedIn: true });
        await writeAudit(client, {
          actor: `user:${user.id}`,
          actorUserId: user.id,
          action: 'auth.login',
          ip,
        });
        return updated!;
      });
      metrics.logins.inc({ outcome: 'ok' });
      log.info({ userId: user.id, role: user.role, ip }, 'login');
      const { token, expiresAt } = signer.sign(user.id, options.sessionTtlSeconds);
      return { token, expiresAt: expiresAt.toISOString(), user: row };
    },
    issueSession(userId) {
      const { token, expiresAt } = signer.sign(userId, options.sessionTtlSeconds);
      return { token, expiresAt: expiresAt.toISOString() };
    },
    forget: () => cache.clear(),
  };
}
