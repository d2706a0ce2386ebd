// API fuzz: every procedure of the router — discovered at run time, so procedures added later are
// covered without a test of their own — called with inputs generated from its zod input schema
// (fast-check, support/schema-arbitrary.ts) and then broken (support/hostile-values.ts), as
// anonymous, viewer, operator and admin. No call may get a 500 or an internal error, no answer
// may carry a stack trace, the daemon logs no error and stays healthy.
//
// QUANTTRADE_FUZZ_RUNS sets the inputs per procedure and role (default 12, about half a minute
// here); raise it for a deeper local run, QUANTTRADE_FUZZ_SEED to replay one.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../daemon/src/api/auth/accounts';
import { describeProcedures, type ProcedureInfo } from '../../daemon/src/api/procedure-catalogue';
import { appRouter } from '../../daemon/src/api/router';
import { createLogger } from '../../daemon/src/logging/logger';
import { createRecentLogs } from '../../daemon/src/logging/recent-logs';
import { startTestDaemon, type TestDaemon, type TestUserName } from '../support/daemon';
import { hostile, hostileValue } from './support/hostile-values';
import { rawCall, type RawAnswer } from './support/raw-trpc';
import { arbitraryFor } from './support/schema-arbitrary';
import { openWsProbe, type WsProbe } from './support/ws-probe';

const RUNS = Number(process.env.QUANTTRADE_FUZZ_RUNS ?? 12);
const SEED = process.env.QUANTTRADE_FUZZ_SEED ? Number(process.env.QUANTTRADE_FUZZ_SEED) : undefined;
const ROLES = ['anonymous', 'viewer', 'operator', 'admin'] as const;
type Caller = (typeof ROLES)[number];

const STACK_TRACE = /\n\s+at \S+|\bat [\w$.<>]+ \(|\.[cm]?[jt]s:\d+:\d+|node_modules\/|file:\/\//;

const procedures = describeProcedures(appRouter);
const recent = createRecentLogs(1000);
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
let t: TestDaemon;
const tokens = new Map<Caller, string | undefined>();

beforeAll(async () => {
  t = await startTestDaemon({
    // No worker role: queued backtests, syntheses and fetches stay queued instead of loading the
    // machine; everything the API does up to the queue still runs.
    config: {
      roles: ['api', 'scheduler'],
      yahooBaseUrl: 'http://127.0.0.1:9',
      dhanBaseUrl: 'http://127.0.0.1:9',
    },
    log: createLogger({ level: 'warn', format: 'json', destination: sink, recent }),
    recentLogs: recent,
  });
  for (const role of ROLES) tokens.set(role, role === 'anonymous' ? undefined : t.users[role].token);
}, 60_000);
afterAll(() => t?.stop());

/** Admins fuzzing users.* and tokens.* may disable, demote or revoke the callers: restore them. */
async function restoreCaller(role: Exclude<Caller, 'anonymous'>): Promise<void> {
  const user = t.users[role as TestUserName];
  await t.pool.query('UPDATE users SET disabled_at = NULL, role = $2 WHERE id = $1', [user.id, user.role]);
  t.daemon.auth.forget();
  const me = await rawCall(t.url, 'auth.me', undefined, { token: tokens.get(role), method: 'GET' });
  if (me.status === 200) return;
  await t.pool.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
    user.id,
  ]);
  const { token } = await createToken(
    { pool: t.pool },
    { label: 'system' },
    { userId: user.id, name: 'fuzz' },
  );
  tokens.set(role, token);
}

async function callHttp(p: ProcedureInfo, input: unknown, token: string | undefined): Promise<RawAnswer> {
  if (p.type === 'mutation') return rawCall(t.url, p.path, input, { token });
  const encoded = input === undefined ? '' : encodeURIComponent(JSON.stringify(input));
  // Like the typed client: a query too long for a URL goes as POST.
  return rawCall(t.url, p.path, input, { token, method: encoded.length < 6000 ? 'GET' : 'POST' });
}

/** What is wrong with an answer, or undefined. */
function problemWith(status: number, text: string, code: string | undefined): string | undefined {
  if (status >= 500) return `HTTP ${status}`;
  if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
  if (STACK_TRACE.test(text)) return 'a stack trace in the answer';
  return undefined;
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { data?: { code?: string } } } | undefined)?.error?.data?.code;
}

function inputArbitrary(p: ProcedureInfo): fc.Arbitrary<unknown> {
  if (!p.inputSchema) return fc.oneof(fc.constant(undefined), hostileValue);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(p.example) },
    { weight: 6, arbitrary: hostile(arbitraryFor(p.inputSchema)) },
  );
}

describe('API fuzz', () => {
  it('discovers the procedures of every router', () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(procedures.filter((p) => p.type === 'subscription').length).toBeGreaterThan(0);
  });

  for (const role of ROLES) {
    it(`answers every procedure without a 500 or a stack trace, as ${role}`, async () => {
      const failures: string[] = [];
      let ws: WsProbe | undefined;
      for (const p of procedures) {
        if (role !== 'anonymous') await restoreCaller(role);
        const token = tokens.get(role);
        if (p.type === 'subscription') {
          ws?.close();
          ws = await openWsProbe(t.url, token);
        }
        const socket = ws;
        const result = await fc.check(
          fc.asyncProperty(inputArbitrary(p), async (input) => {
            if (p.type === 'subscription') {
              const answer = await socket!.subscribe(p.path, input);
              return problemWith(200, answer.text, answer.code) === undefined;
            }
            const answer = await callHttp(p, input, token);
            return problemWith(answer.status, answer.text, errorCode(answer.body)) === undefined;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        if (result.failed) {
          const input = JSON.stringify(result.counterexample?.[0])?.slice(0, 300);
          failures.push(
            `${p.path} (seed ${result.seed}, path ${result.counterexample ? result.counterexamplePath : ''}): ${input}`,
          );
        }
      }
      ws?.close();
      expect(failures).toEqual([]);
    }, 600_000);
  }

  it('logged no error, and the daemon is healthy and ready', async () => {
    const errors = recent.list().filter((l) => l.level !== 'warn');
    expect(errors.map((e) => `${e.msg}: ${e.err ?? ''}`)).toEqual([]);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});
