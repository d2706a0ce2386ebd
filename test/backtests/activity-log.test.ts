// What an operator reading the daemon's log sees of its work: an info record when a backtest is
// submitted, started and finished (with its id, its job's and its owner's, the duration and
// the result), and one for each login — never the password, nor the email typed on a failure.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from './support/backtest-helpers';
import { seedDailyBars, type Seeded } from './support/seed-bars';

const records: Record<string, unknown>[] = [];
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(line);
      records.push(JSON.parse(line) as Record<string, unknown>);
    }
    callback();
  },
});

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  t = await startTestDaemon({ log: pino({ level: 'info' }, sink) });
  bars = await seedDailyBars(t.pool, 'LOGGED', 300);
});
afterAll(async () => {
  await t?.stop();
});

/** The first record with this message matching `fields`, waiting for it (it may follow the row). */
async function record(msg: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = records.find((r) => r.msg === msg && Object.entries(fields).every(([k, v]) => r[k] === v));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no "${msg}" record with ${JSON.stringify(fields)} in:\n${lines.join('\n')}`);
}

describe('the daemon log', () => {
  it('has a backtest submitted, started and finished, with ids, duration and result', async () => {
    const operator = t.users.operator;
    const { id } = await t.api('operator').backtests.submit.mutate({
      template: 'sma-cross',
      params: { fast: 5, slow: 20, size: 10 },
      universe: { symbols: [bars.symbol], timeframe: '1d' },
      from: bars.from,
      to: bars.to,
      cash: 100_000,
    });
    await waitForStatus(t.pool, id, ['succeeded']);
    const submitted = await record('backtest submitted', { backtestId: id });
    expect(submitted).toMatchObject({ level: 30, userId: operator.id, strategy: 'sma-cross' });
    expect(submitted.jobId).toEqual(expect.any(String));
    const started = await record('backtest started', { backtestId: id });
    expect(started).toMatchObject({ level: 30, userId: operator.id, jobId: submitted.jobId, attempt: 1 });
    const finished = await record('backtest finished', { backtestId: id });
    expect(finished).toMatchObject({
      level: 30,
      userId: operator.id,
      jobId: submitted.jobId,
      status: 'succeeded',
      bars: expect.any(Number),
      trades: expect.any(Number),
    });
    expect(finished.durationMs).toEqual(expect.any(Number));
    const { rows } = await t.pool.query('SELECT final_value::float8 AS v FROM backtests WHERE id = $1', [id]);
    expect(finished.finalValue).toBeCloseTo(rows[0].v, 2);
  });

  it('has each login, with the user id, and failed logins without the email typed', async () => {
    const viewer = t.users.viewer;
    await t.client().api.auth.login.mutate({ email: viewer.email, password: viewer.password });
    expect(await record('login', { userId: viewer.id })).toMatchObject({ level: 30, role: 'viewer' });
    const typo = 'hunter2-typed-into-email@example.com';
    await expect(t.client().api.auth.login.mutate({ email: typo, password: 'whatever' })).rejects.toThrow();
    const failed = await record('login failed', { reason: 'unknown email' });
    expect(failed.level).toBe(30);
    await expect(
      t.client().api.auth.login.mutate({ email: viewer.email, password: 'not the password' }),
    ).rejects.toThrow();
    expect(await record('login failed', { reason: 'wrong password' })).toMatchObject({ userId: viewer.id });
    expect(lines.join('\n')).not.toContain(typo);
    expect(lines.join('\n')).not.toContain(viewer.password);
  });
});
