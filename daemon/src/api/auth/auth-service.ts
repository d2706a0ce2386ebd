// Authentication: sign-in (limited, audited), resolving a bearer token to a user, refreshing a
// session and changing a password. Password guesses are reserved before they are checked
// (attempt-limiter.ts) and password hashing is bounded (password-gate.ts), so neither parallel
// requests nor batches get past the limits, and a flood cannot take over the thread pool.
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import { withTransaction, type Pool } from '../../db/pool';
import type { Role } from '../../db/user-scope';
import type { EventBus } from '../../events/event-bus';
import type { AuthMetrics } from '../../metrics/auth-metrics';
import { API_TOKEN_SHAPE, findLiveToken, isTokenLive, touchToken } from './api-tokens';
import {
  pruneAttempts,
  reserveAttempt,
  settleAttempt,
  type Attempt,
  type AttemptLimits,
} from './attempt-limiter';
import { writeAudit } from './audit';
import { createCredentialCache } from './credential-cache';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password';
import { createPasswordGate, type PasswordGate } from './password-gate';
import type { SessionSigner } from './session-tokens';
import {
  advanceSessionEpoch,
  findUserForLogin,
  findUserWithEpoch,
  updateUser,
  type UserRow,
} from './users-store';

/** Who is calling: resolved from a session or API token. */
export interface AuthUser {
  id: number;
  email: string;
  role: Role;
  via: 'session' | 'token';
  /** The API token's id when via = 'token', or the token a session was minted from. */
  tokenId?: number;
  /** A session's sign-in time (seconds), kept by refreshes. */
  authTime?: number;
  /** The user's session epoch (users.session_epoch) when the credential was checked. */
  sessionEpoch: number;
}

export interface Session {
  token: string;
  expiresAt: string;
}

export interface LoginResult extends Session {
  user: UserRow;
}

export interface AuthService {
  authenticate(token: string): Promise<AuthUser | undefined>;
  login(input: { email: string; password: string; ip: string }): Promise<LoginResult>;
  /** A fresh session for a caller already authenticated; it dies with the credential it came from. */
  refresh(user: AuthUser): Session;
  /** Changes the caller's password and ends their other sessions; returns a session for the caller when it used one. */
  changePassword(
    user: AuthUser,
    input: { currentPassword: string; newPassword: string; ip: string },
  ): Promise<Session | undefined>;
  /** Drops cached credentials (after a change made elsewhere). */
  forget(): void;
  stop(): void;
}

export interface AuthServiceOptions {
  pool: Pool;
  signer: SessionSigner;
  bus: EventBus;
  metrics: AuthMetrics;
  log: Logger;
  sessionTtlSeconds: number;
  limits: { perAccount: number; perAddress: number };
  /** Password checks at once (default 2) and waiting (default 64). */
  gate?: PasswordGate;
}

/** A session can be refreshed for this long after its sign-in; then the user signs in again. */
export const MAX_SESSION_AGE_SECONDS = 7 * 24 * 3600;

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { pool, signer, metrics, log } = options;
  const cache = createCredentialCache({ ttlMs: 5000 });
  const gate = options.gate ?? createPasswordGate({ concurrency: 2, maxWaiting: 64 });
  const loginLimits: AttemptLimits = {
    perSubject: options.limits.perAccount,
    perAddress: options.limits.perAddress,
  };
  let dummyHash: Promise<string> | undefined;
  options.bus.subscribe(['auth.changed'], () => cache.clear());
  const pruner = setInterval(
    () =>
      void pruneAttempts(pool).catch((err: Error) =>
        log.debug({ err: err.message }, 'pruning attempts failed'),
      ),
    3600_000,
  ).unref();

  async function resolveSession(token: string): Promise<AuthUser | undefined> {
    const claims = signer.verify(token);
    if (!claims) return undefined;
    const user = await findUserWithEpoch(pool, claims.uid);
    if (!user || user.disabledAt || user.sessionEpoch !== claims.ep) return undefined;
    if (claims.tid !== undefined && !(await isTokenLive(pool, claims.tid, user.id))) return undefined;
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      via: 'session',
      tokenId: claims.tid,
      authTime: claims.auth,
      sessionEpoch: user.sessionEpoch,
    };
  }

  async function resolveToken(token: string): Promise<AuthUser | undefined> {
    const found = await findLiveToken(pool, token);
    if (!found) return undefined;
    const user = await findUserWithEpoch(pool, found.userId);
    if (!user || user.disabledAt) return undefined;
    void touchToken(pool, found.id).catch((err: Error) =>
      log.warn({ err: err.message }, 'token last-used update failed'),
    );
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      via: 'token',
      tokenId: found.id,
      sessionEpoch: user.sessionEpoch,
    };
  }

  /** Reserves a guess or throws RATE_LIMITED (audited as `limitedAction`). */
  async function reserve(attempt: Attempt, limits: AttemptLimits, limitedAction: string, actor: string) {
    const reservation = await reserveAttempt(pool, attempt, limits);
    if ('id' in reservation) return reservation.id;
    metrics.logins.inc({ outcome: 'rate_limited' });
    await writeAudit(pool, { actor, action: limitedAction, ip: attempt.ip });
    const wait = reservation.retryAfterSeconds;
    const refused =
      attempt.kind === 'login'
        ? 'login refused: too many failed logins'
        : 'password change refused: too many wrong current passwords';
    log.warn({ ip: attempt.ip, retryAfterSeconds: wait }, refused);
    const what = attempt.kind === 'login' ? 'failed logins' : 'wrong current passwords';
    throw new AppError('RATE_LIMITED', `too many ${what}; try again in ${wait} s`, {
      retryAfterSeconds: wait,
    });
  }

  /** Checks a password through the gate; a refused check releases the reservation. */
  async function check(attemptId: number, password: string, hash: string): Promise<boolean> {
    try {
      return await gate.run(() => verifyPassword(password, hash));
    } catch (err) {
      await settleAttempt(pool, attemptId, 'released').catch(() => undefined);
      throw err;
    }
  }

  async function login(input: { email: string; password: string; ip: string }): Promise<LoginResult> {
    const email = input.email.toLowerCase();
    const { ip } = input;
    const attemptId = await reserve(
      { kind: 'login', subject: email, ip },
      loginLimits,
      'auth.login_limited',
      email,
    );
    const user = await findUserForLogin(pool, email);
    const ok = await check(
      attemptId,
      input.password,
      user?.passwordHash ?? (await (dummyHash ??= DUMMY_HASH_PROMISE())),
    );
    if (!user || !ok || user.disabledAt) {
      await settleAttempt(pool, attemptId, 'failed');
      const reason = !user ? 'unknown email' : !ok ? 'wrong password' : 'account disabled';
      await writeAudit(pool, { actor: email, action: 'auth.login_failed', ip, details: { reason } });
      metrics.logins.inc({ outcome: 'bad_credentials' });
      // Not the email typed: people type their password into it by mistake (the audit log has it).
      log.info({ ...(user ? { userId: user.id } : {}), ip, reason }, 'login failed');
      throw new AppError('UNAUTHENTICATED', 'wrong email or password');
    }
    await settleAttempt(pool, attemptId, 'ok');
    const row = await withTransaction(pool, async (client) => {
      const updated = await updateUser(client, user.id, { loggedIn: true });
      await writeAudit(client, { actor: `user:${user.id}`, actorUserId: user.id, action: 'auth.login', ip });
      return updated!;
    });
    metrics.logins.inc({ outcome: 'ok' });
    log.info({ userId: user.id, role: user.role, ip }, 'login');
    const now = Math.floor(Date.now() / 1000);
    const { token, expiresAt } = signer.sign(
      { uid: user.id, ep: user.sessionEpoch, auth: now },
      options.sessionTtlSeconds,
    );
    return { token, expiresAt: expiresAt.toISOString(), user: row };
  }

  async function changePassword(
    user: AuthUser,
    input: { currentPassword: string; newPassword: string; ip: string },
  ): Promise<Session | undefined> {
    const actor = `user:${user.id}`;
    const attemptId = await reserve(
      { kind: 'password', subject: actor, ip: input.ip },
      { perSubject: options.limits.perAccount },
      'users.change_password_limited',
      actor,
    );
    const found = await findUserForLogin(pool, user.email);
    const ok = found !== undefined && (await check(attemptId, input.currentPassword, found.passwordHash));
    if (!found || !ok) {
      await settleAttempt(pool, attemptId, 'failed');
      await writeAudit(pool, {
        actor,
        actorUserId: user.id,
        action: 'users.change_password_failed',
        ip: input.ip,
      });
      throw new AppError('UNAUTHENTICATED', 'the current password is wrong');
    }
    await settleAttempt(pool, attemptId, 'ok');
    const passwordHash = await gate.run(() => hashPassword(input.newPassword));
    const epoch = await withTransaction(pool, async (client) => {
      await updateUser(client, found.id, { passwordHash });
      const next = await advanceSessionEpoch(client, found.id);
      await writeAudit(client, {
        actor,
        actorUserId: user.id,
        action: 'users.change_password',
        target: actor,
        ip: input.ip,
      });
      return next;
    });
    await options.bus.publish('auth.changed', { userId: user.id });
    if (user.via !== 'session') return undefined;
    // The caller's own session continues under the new epoch; every other one has ended.
    const { token, expiresAt } = signer.sign(
      { uid: user.id, ep: epoch, auth: user.authTime ?? Math.floor(Date.now() / 1000), tid: user.tokenId },
      options.sessionTtlSeconds,
    );
    return { token, expiresAt: expiresAt.toISOString() };
  }

  return {
    authenticate(token) {
      if (token.startsWith('qts.')) return cache.get(token, () => resolveSession(token));
      if (API_TOKEN_SHAPE.test(token)) return cache.get(token, () => resolveToken(token));
      return Promise.resolve(undefined);
    },
    login,
    refresh(user) {
      const now = Math.floor(Date.now() / 1000);
      // A session keeps its sign-in time; one minted from an API token starts its own clock.
      const auth = user.via === 'session' ? (user.authTime ?? now) : now;
      if (now - auth > MAX_SESSION_AGE_SECONDS) {
        throw new AppError('UNAUTHENTICATED', 'this session is too old to refresh; sign in again');
      }
      const { token, expiresAt } = signer.sign(
        { uid: user.id, ep: user.sessionEpoch, auth, tid: user.tokenId },
        options.sessionTtlSeconds,
      );
      return { token, expiresAt: expiresAt.toISOString() };
    },
    changePassword,
    forget: () => cache.clear(),
    stop: () => clearInterval(pruner),
  };
}
