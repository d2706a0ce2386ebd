// The broker link inside a real daemon (trader role) against the fake Dhan, through broker.*:
// an operator adds an account (stored encrypted), connects it, sees it connected in the status,
// /readyz and /metrics; the token expires (DH-901 → auth_expired, an alert, readiness down); a new
// token through the API brings it back without a restart. Row-level security and roles hold, and
// no log line or error answer ever carries the token.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { eventually } from '../support/dhan';
import { runCli } from '../support/spawn-daemon';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let fake: FakeDhan;
let t: TestDaemon;
const KEY = randomBytes(32).toString('base64');
const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

beforeAll(async () => {
  fake = await startFakeDhan({
    pingMs: 1000,
    holdings: [
      {
        exchange: 'NSE',
        tradingSymbol: 'TCS',
        securityId: '11536',
        totalQty: 3,
        availableQty: 3,
        avgCostPrice: 3000,
        lastTradedPrice: 4000,
      },
    ],
  });
  t = await startTestDaemon({
    log: pino({ level: 'debug' }, sink),
    config: {
      brokerKey: KEY,
      dhanBaseUrl: fake.restUrl,
      dhanFeedUrl: fake.feedUrl,
      dhanOrderUpdateUrl: fake.orderUpdateUrl,
      dhanTimeoutSeconds: 2,
    },
  });
});

afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

const status = async (id: number) => t.api('operator').broker.status.query({ id });

describe('broker accounts and the link through the API', () => {
  let id: number;
  let token: string;

  it('adds an account: stored encrypted, the token never returned', async () => {
    token = fake.tokens.issue(fake.clientId);
    const account = await t
      .api('operator')
      .broker.add.mutate({ label: 'main', clientId: fake.clientId, accessToken: token });
    id = account.id;
    expect(account).toMatchObject({
      label: 'main',
      broker: 'dhan',
      clientIdHint: '******0001',
      hasCredentials: true,
      linkEnabled: false,
    });
    expect(JSON.stringify(account)).not.toContain(token);
    expect(Date.parse(account.tokenExpiresAt!)).toBe(fake.tokens.expiryOf(token));
    const { rows } = await t.pool.query<{ client_id: string; blob: Buffer }>(
      'SELECT client_id, credentials_encrypted AS blob FROM broker_accounts WHERE id = $1',
      [id],
    );
    expect(rows[0]!.client_id).toBe('******0001');
    expect(rows[0]!.blob.includes(Buffer.from(token))).toBe(false);
    expect(rows[0]!.blob.includes(Buffer.from(fake.clientId))).toBe(false);
    const audit = await t.pool.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target = $1 ORDER BY id',
      [`broker_account:${id}`],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['broker.account_create']);
  });

  it('refuses a token for another client id and an expired token, naming the field', async () => {
    const other = fake.tokens.issue('1000000999');
    await expect(
      t.api('operator').broker.add.mutate({ label: 'x', clientId: fake.clientId, accessToken: other }),
    ).rejects.toThrow(/accessToken: the token was issued for client \*+0999, not \*+0001/);
    const expired = fake.tokens.issue(fake.clientId, -1000);
    await expect(t.api('operator').broker.setToken.mutate({ id, accessToken: expired })).rejects.toThrow(
      /accessToken: the token expired at/,
    );
  });

  it('roles and row-level security: viewers cannot add, others cannot see or use the account', async () => {
    await expect(
      t.api('viewer').broker.add.mutate({ label: 'v', clientId: fake.clientId, accessToken: token }),
    ).rejects.toThrow(/needs the operator role/);
    expect(await t.api('operator2').broker.accounts.query()).toEqual([]);
    await expect(t.api('operator2').broker.funds.query({ id })).rejects.toThrow(
      `no broker account ${id} (or it is not yours)`,
    );
    await expect(t.api('operator2').broker.connect.mutate({ id })).rejects.toThrow(/not yours/);
    expect((await t.api('admin').broker.accounts.query()).map((a) => a.id)).toContain(id);
  });

  it('reads funds and holdings from the broker', async () => {
    expect(await t.api('operator').broker.funds.query({ id })).toMatchObject({ availableBalance: 100_000 });
    expect(await t.api('operator').broker.holdings.query({ id })).toEqual([
      expect.objectContaining({ tradingSymbol: 'TCS', totalQty: 3 }),
    ]);
  });

  it('connects: the link comes up, readiness and metrics show it', async () => {
    const events = t.client('operator');
    await t.api('operator').broker.connect.mutate({ id });
    await eventually(async () => (await status(id)).link.state === 'connected', 15_000, 'connected');
    const up = await status(id);
    expect(up).toMatchObject({ linkEnabled: true, link: { daemonId: t.daemon.deps.daemon.id } });
    expect(up.tokenExpiresInSeconds).toBeGreaterThan(23 * 3600);
    await eventually(() => fake.orderUpdates.connections() === 1, 5000, 'order-update socket');
    const ready = await (await fetch(`${t.url}/readyz`)).json();
    expect(ready.checks.broker).toEqual({ status: 'ok', detail: `account ${id}: connected` });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toContain(`quanttrade_broker_link_state{account="${id}",state="connected"} 1`);
    expect(metrics).toMatch(
      /quanttrade_broker_request_duration_seconds_count\{endpoint="GET \/profile",outcome="ok"\} \d+/,
    );
    expect(metrics).toMatch(new RegExp(`quanttrade_broker_token_expiry_seconds\\{account="${id}"\\} \\d+`));
    events.close();
  });

  it('an expired token: auth_expired, an alert, not ready; a new token through the API fixes it without a restart', async () => {
    const alerts: string[] = [];
    const other: string[] = [];
    const sub = t.api('operator').broker.events.subscribe(undefined, {
      onData: (e) => e.type === 'broker.alert' && alerts.push((e.payload as { kind: string }).kind),
    });
    const sub2 = t.api('operator2').broker.events.subscribe(undefined, { onData: (e) => other.push(e.type) });
    await new Promise((r) => setTimeout(r, 200));
    fake.expireToken(token);
    // The next REST call meets DH-901 (funds through the held link).
    await expect(t.api('operator').broker.funds.query({ id })).rejects.toThrow(/DH-901/);
    await eventually(async () => (await status(id)).link.state === 'auth_expired', 10_000, 'auth_expired');
    const expired = await status(id);
    expect(expired.link.detail).toContain('DH-901');
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.broker.status).toBe('down');
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(
      /quanttrade_broker_alerts_total\{kind="auth_expired"\} 1/,
    );
    await eventually(() => alerts.includes('auth_expired'), 5000, 'the alert event');
    // Another user's subscription sees none of it.
    expect(other).toEqual([]);

    token = fake.tokens.issue(fake.clientId);
    await t.api('operator').broker.setToken.mutate({ id, accessToken: token });
    await eventually(async () => (await status(id)).link.state === 'connected', 15_000, 'connected again');
    expect(await t.api('operator').broker.funds.query({ id })).toMatchObject({ availableBalance: 100_000 });
    sub.unsubscribe();
    sub2.unsubscribe();
  });

  it('a token set with the CLI reaches the running daemon without a restart', async () => {
    fake.expireToken(token);
    await expect(t.api('operator').broker.funds.query({ id })).rejects.toThrow(/DH-901/);
    await eventually(async () => (await status(id)).link.state === 'auth_expired', 10_000, 'auth_expired');
    token = fake.tokens.issue(fake.clientId);
    const cli = await runCli(['broker', 'token', '--id', String(id), '--token-stdin'], {
      env: { DATABASE_URL: t.database.url, QUANTTRADE_BROKER_KEY: KEY },
      input: token,
    });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    await eventually(
      async () => (await status(id)).link.state === 'connected',
      15_000,
      'connected after the CLI',
    );
    expect(await t.api('operator').broker.funds.query({ id })).toMatchObject({ availableBalance: 100_000 });
  });

  it('auto-renew: the holding daemon renews a token that expires within the lead time', async () => {
    const short = fake.tokens.issue(fake.clientId, 30 * 60_000);
    await t.api('operator').broker.setToken.mutate({ id, accessToken: short });
    await eventually(
      async () => (await status(id)).link.state === 'connected',
      15_000,
      'connected on the short token',
    );
    await t.api('operator').broker.update.mutate({ id, autoRenew: true });
    const renewed = await eventually(
      async () => {
        const a = await status(id);
        return a.tokenExpiresInSeconds! > 23 * 3600 && a;
      },
      20_000,
      'renewed',
    );
    expect(renewed && renewed.autoRenew).toBe(true);
    // The sockets log in again with the new token.
    await eventually(
      async () => (await status(id)).link.state === 'connected',
      15_000,
      'connected on the renewed token',
    );
    expect(fake.tokens.check(short)).toMatchObject({ ok: false, problem: 'expired' });
    const audit = await t.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target = $1 AND action = 'broker.token_renew'",
      [`broker_account:${id}`],
    );
    expect(audit.rows).toHaveLength(1);
    await t.api('operator').broker.update.mutate({ id, autoRenew: false });
  });

  it('disconnects: the sockets close and the status says so', async () => {
    await t.api('operator').broker.disconnect.mutate({ id });
    await eventually(async () => (await status(id)).link.state === 'disconnected', 10_000, 'disconnected');
    await eventually(() => fake.orderUpdates.connections() === 0, 5000, 'order-update socket closed');
    // Readiness no longer depends on a link this daemon does not hold; health still shows it.
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks.broker).toBeUndefined();
    expect((await t.api('viewer').system.health.query()).checks.broker).toEqual({
      status: 'not_configured',
      detail: 'no broker account connected on this daemon',
    });
    await expect(t.api('operator').broker.remove.mutate({ id: id + 1000 })).rejects.toThrow(/not yours/);
  });

  it('never wrote a token to the log', () => {
    const all = logLines.join('');
    expect(all).toContain('broker link state');
    for (const secret of fake.tokens.issued()) {
      expect(all).not.toContain(secret);
      expect(all).not.toContain(secret.split('.')[2]!);
    }
  });
});
