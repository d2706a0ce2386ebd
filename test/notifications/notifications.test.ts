// Notifications against real receivers: local HTTP servers that record what they get stand in
// for a webhook endpoint and for the Telegram Bot API (QUANTTRADE_TELEGRAM_BASE_URL points at
// one — never the real Telegram). Events are published on the bus as their publishers (the
// trading spine, the risk gate, the broker link) will, and once by the database itself.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishOptions } from '../../daemon/src/events/event-bus';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startFakeHttpServer, type FakeHttpServer, type ReceivedRequest } from '../support/fake-http-server';

const KEY = 'a'.repeat(64);
const BOT_TOKEN = '123456789:AAExampleExampleExampleExample_x';
let database: TestDatabase;
let daemon: TestDaemon;
let hook: FakeHttpServer;
let telegram: FakeHttpServer;

/** Publishes an event by name, as its (future) publisher will: names outside EventMap included. */
function publish(name: string, payload: object, options?: PublishOptions): Promise<void> {
  const bus = daemon.daemon.deps.bus as unknown as {
    publish(type: string, payload: unknown, options?: PublishOptions): Promise<void>;
  };
  return bus.publish(name, payload, options);
}

function verify(request: ReceivedRequest, secret: string): boolean {
  const timestamp = request.headers['x-quanttrade-timestamp'];
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
  return request.headers['x-quanttrade-signature'] === `sha256=${expected}`;
}

async function deliveries(channelId: number) {
  return (await daemon.api('admin').notifications.deliveries.query({ channelId, limit: 200 })).items;
}

beforeAll(async () => {
  [hook, telegram, database] = await Promise.all([
    startFakeHttpServer(),
    startFakeHttpServer(),
    createTestDatabase(),
  ]);
  // The database outlives the daemons: the durability test stops one and starts another on it.
  daemon = await startTestDaemon({ database, config: { secretKey: KEY, telegramBaseUrl: telegram.baseUrl } });
});

afterAll(async () => {
  await daemon?.stop();
  await Promise.all([hook?.close(), telegram?.close(), database?.drop()]);
});

describe('webhook channels', () => {
  let channelId: number;
  let secret: string;

  it('creates a channel with a generated signing key, shown once and stored encrypted', async () => {
    const created = await daemon.api('operator').notifications.createChannel.mutate({
      name: 'ops hook',
      target: { kind: 'webhook', url: `${hook.baseUrl}/hooks/qt` },
      events: ['kill_switch', 'fill'],
    });
    channelId = created.channel.id;
    secret = created.generatedSecret!;
    expect(secret).toMatch(/^whsec_/);
    expect(created.channel.secretHint).toBe(`…${secret.slice(-4)}`);
    const [listed] = await daemon.api('operator').notifications.channels.query();
    expect(listed).not.toHaveProperty('secret');
    expect(JSON.stringify(listed)).not.toContain(secret);
    const { rows } = await daemon.pool.query(
      `SELECT secret_encrypted, secret_key_id FROM notification_channels WHERE id = $1`,
      [channelId],
    );
    expect(rows[0].secret_encrypted.includes(Buffer.from(secret))).toBe(false);
    expect(rows[0].secret_key_id).toHaveLength(16);
    // The SQL console's role sees the settings, never the secret or the URL.
    const client = await daemon.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL ROLE quanttrade_readonly');
      await expect(client.query('SELECT secret_encrypted FROM notification_channels')).rejects.toThrow(
        /permission denied/,
      );
      await client.query('ROLLBACK; BEGIN; SET LOCAL ROLE quanttrade_readonly');
      await expect(client.query('SELECT target FROM notification_channels')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const audit = await daemon.pool.query(`SELECT action FROM audit_log WHERE target = $1`, [
      `notification_channel:${channelId}`,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['notifications.create_channel']);
  });

  it('sends a signed test message and logs it', async () => {
    hook.queue({ status: 204 });
    const result = await daemon.api('operator').notifications.test.mutate({ id: channelId });
    expect(result).toMatchObject({ delivered: true, responseStatus: 204, error: null });
    const [request] = hook.requests;
    expect(request!.url.pathname).toBe('/hooks/qt');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-quanttrade-event']).toBe('test');
    expect(request!.headers['x-quanttrade-delivery']).toBe(String(result.deliveryId));
    expect(verify(request!, secret)).toBe(true);
    expect(verify(request!, 'another secret')).toBe(false);
    expect(JSON.parse(request!.body)).toMatchObject({ id: result.deliveryId, kind: 'test' });
    const [logged] = await deliveries(channelId);
    expect(logged).toMatchObject({ kind: 'test', status: 'delivered', attempts: 1, responseStatus: 204 });
  });

  it('delivers a bus event, retrying with backoff until the receiver takes it', async () => {
    hook.reset();
    hook.queue({ status: 503, body: 'busy' }, { status: 502 }, { status: 200 });
    await publish('risk.kill_switch', {
      action: 'engaged',
      id: 7,
      scope: 'global',
      accountId: null,
      deploymentId: null,
      flatten: false,
      reason: 'broker outage',
      by: 'user:1',
      engagedAt: Date.now(),
    });
    await expect.poll(() => hook.requests.length, { timeout: 20_000 }).toBe(3);
    const ids = new Set(hook.requests.map((r) => r.headers['x-quanttrade-delivery']));
    expect(ids.size).toBe(1);
    expect(hook.requests.every((r) => verify(r, secret))).toBe(true);
    const body = JSON.parse(hook.requests[2]!.body);
    expect(body).toMatchObject({
      kind: 'kill_switch',
      event: 'risk.kill_switch',
      title: 'Kill switch engaged (global)',
      attempt: 3,
      payload: { event: 'risk.kill_switch', data: { reason: 'broker outage' } },
    });
    // The gaps grow: about 1 s, then about 2 s.
    const [a, b, c] = hook.requests.map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(900);
    expect(c! - b!).toBeGreaterThanOrEqual(1900);
    await expect
      .poll(async () => (await deliveries(channelId)).find((d) => d.kind === 'kill_switch')?.status)
      .toBe('delivered');
    const row = (await deliveries(channelId)).find((d) => d.kind === 'kill_switch')!;
    expect(row.attempts).toBe(3);
  });

  it('fails at once when the receiver refuses the message (a 4xx)', async () => {
    hook.reset();
    hook.queue({ status: 410, body: 'gone' });
    await publish('trading.fill', {
      deploymentId: 1,
      clientOrderId: 'qt-1',
      symbol: 'TCS',
      side: 'buy',
      qty: '5',
      price: '3500.50',
    });
    await expect
      .poll(async () => (await deliveries(channelId)).find((d) => d.kind === 'fill')?.status, {
        timeout: 10_000,
      })
      .toBe('failed');
    const row = (await deliveries(channelId)).find((d) => d.kind === 'fill')!;
    expect(row).toMatchObject({ attempts: 1, responseStatus: 410, lastError: 'HTTP 410: gone' });
    expect(row.title).toBe('Fill: buy 5 TCS @ 3500.50');
    expect(hook.requests).toHaveLength(1);
  });

  it('ignores events of kinds the channel did not choose', async () => {
    hook.reset();
    hook.fallback(() => ({ status: 200 }));
    const before = (await deliveries(channelId)).length;
    await publish('risk.trading_state', {
      scope: 'account',
      scopeId: 1,
      from: 'ACTIVE',
      to: 'HALTED',
      reason: 'x',
      by: 'rule',
    });
    await daemon.daemon.deps.notifications.notifier.settled();
    expect((await deliveries(channelId)).length).toBe(before);
  });

  it('turns a storm into a digest past the channel’s rate', async () => {
    hook.reset();
    hook.fallback(() => ({ status: 200 }));
    const { channel } = await daemon.api('operator').notifications.createChannel.mutate({
      name: 'storm',
      target: { kind: 'webhook', url: `${hook.baseUrl}/storm`, secret: 'a-storm-secret-long-enough' },
      events: ['risk_denial'],
      rateLimitPerMinute: 2,
    });
    for (let i = 1; i <= 6; i++)
      await publish('risk.violation', {
        checkId: `c${i}`,
        severity: 'deny',
        rules: ['max_order_value'],
        accountId: 1,
        deploymentId: 2,
        clientOrderId: `qt-${i}`,
        signalId: i,
        message: `order value over the limit (${i})`,
      });
    await daemon.daemon.deps.notifications.notifier.settled();
    await expect
      .poll(() => hook.requests.filter((r) => r.url.pathname === '/storm').length, { timeout: 10_000 })
      .toBe(2);
    const log = await deliveries(channel.id);
    const digest = log.find((d) => d.kind === 'digest')!;
    expect(digest).toMatchObject({ status: 'pending', digestCount: 4 });
    expect(log.filter((d) => d.status === 'digested').every((d) => d.digestId === digest.id)).toBe(true);
    // A minute passes (the digest is due at the end of the window).
    await daemon.pool.query(`UPDATE notification_deliveries SET next_attempt_at = now() WHERE id = $1`, [
      digest.id,
    ]);
    await expect
      .poll(() => hook.requests.filter((r) => r.url.pathname === '/storm').length, { timeout: 10_000 })
      .toBe(3);
    const sent = JSON.parse(hook.requests.filter((r) => r.url.pathname === '/storm')[2]!.body);
    expect(sent.kind).toBe('digest');
    expect(sent.title).toBe('Digest: 4 notifications (4 × Risk denial)');
    expect(sent.items).toHaveLength(4);
    expect(sent.text).toContain('order value over the limit (6)');
  });
});

describe('telegram channels and who hears what', () => {
  it('sends to the Bot API with the token and chat id; events reach their owner and admins only', async () => {
    telegram.fallback(() => ({ status: 200, body: { ok: true, result: { message_id: 1 } } }));
    const mine = await daemon.api('operator').notifications.createChannel.mutate({
      name: 'my phone',
      target: { kind: 'telegram', chatId: '-1001234567890', botToken: BOT_TOKEN },
      events: ['eod_report'],
    });
    expect(mine.generatedSecret).toBeUndefined();
    await daemon.api('operator2').notifications.createChannel.mutate({
      name: 'other operator',
      target: { kind: 'telegram', chatId: '-100222', botToken: BOT_TOKEN },
      events: ['eod_report'],
    });
    await daemon.api('admin').notifications.createChannel.mutate({
      name: 'admin',
      target: { kind: 'telegram', chatId: '-100333', botToken: BOT_TOKEN },
      events: ['eod_report'],
    });
    await publish(
      'trading.eod_report',
      { deploymentId: 3, tradingDate: '2025-01-06', netPnl: '1234.50', trades: 4 },
      { ownerId: daemon.users.operator.id },
    );
    await expect.poll(() => telegram.requests.length, { timeout: 10_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram.requests).toHaveLength(2);
    const chats = telegram.requests.map((r) => JSON.parse(r.body).chat_id).sort();
    expect(chats).toEqual(['-1001234567890', '-100333']);
    const [request] = telegram.requests;
    expect(request!.url.pathname).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(JSON.parse(request!.body).text).toBe(
      'EOD 2025-01-06: deployment 3 net ₹1234.50\n\nEnd of day 2025-01-06 for deployment 3: 4 trades, net P&L ₹1234.50.',
    );
  });

  it('reports a refused bot token without retrying, and never logs the token', async () => {
    telegram.reset();
    telegram.queue({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    const { channel } = await daemon.api('operator').notifications.createChannel.mutate({
      name: 'bad token',
      target: { kind: 'telegram', chatId: '@quanttrade_ops', botToken: BOT_TOKEN },
      events: ['kill_switch'],
    });
    const result = await daemon.api('operator').notifications.test.mutate({ id: channel.id });
    expect(result).toMatchObject({ delivered: false, responseStatus: 401, error: 'HTTP 401: Unauthorized' });
    const { rows } = await daemon.pool.query(`SELECT * FROM notification_deliveries WHERE channel_id = $1`, [
      channel.id,
    ]);
    expect(JSON.stringify(rows)).not.toContain(BOT_TOKEN.split(':')[1]);
  });

  it('writes a database-published event once, however many daemons hear it', async () => {
    hook.reset();
    hook.fallback(() => ({ status: 200 }));
    const second = await startTestDaemon({ database, config: { secretKey: KEY } });
    try {
      const { channel } = await daemon.api('admin').notifications.createChannel.mutate({
        name: 'both daemons',
        target: { kind: 'webhook', url: `${hook.baseUrl}/once` },
        events: ['trading_state'],
      });
      const event = {
        type: 'risk.trading_state',
        origin: 'database',
        at: new Date().toISOString(),
        payload: {
          scope: 'deployment',
          scopeId: 9,
          from: 'ACTIVE',
          to: 'HALTED',
          reason: 'daily loss',
          by: 'rule',
        },
      };
      await daemon.pool.query(`SELECT pg_notify('quanttrade_events', $1)`, [JSON.stringify(event)]);
      await expect
        .poll(() => hook.requests.filter((r) => r.url.pathname === '/once').length, { timeout: 10_000 })
        .toBe(1);
      await Promise.all([
        daemon.daemon.deps.notifications.notifier.settled(),
        second.daemon.deps.notifications.notifier.settled(),
      ]);
      await new Promise((r) => setTimeout(r, 500));
      expect(hook.requests.filter((r) => r.url.pathname === '/once')).toHaveLength(1);
      expect((await deliveries(channel.id)).map((d) => d.kind)).toEqual(['trading_state']);
    } finally {
      await second.stop();
    }
  });
});

describe('durability and access', () => {
  it('keeps queued messages across a restart: a later worker daemon sends them', async () => {
    hook.reset();
    hook.fallback(() => ({ status: 200 }));
    const apiOnly = await startTestDaemon({
      database,
      config: { secretKey: KEY, roles: ['api'] },
    });
    const { channel } = await apiOnly.api('operator').notifications.createChannel.mutate({
      name: 'durable',
      target: { kind: 'webhook', url: `${hook.baseUrl}/durable` },
      events: ['deployment_error'],
    });
    // No worker runs from here on: only the delivery log holds the message.
    await daemon.stop();
    const bus = apiOnly.daemon.deps.bus as unknown as { publish(t: string, p: unknown): Promise<void> };
    await bus.publish('trading.deployment_error', {
      deploymentId: 4,
      name: 'nifty trend',
      error: 'feed lost',
    });
    await apiOnly.daemon.deps.notifications.notifier.settled();
    const { rows } = await apiOnly.pool.query(
      `SELECT status FROM notification_deliveries WHERE channel_id = $1`,
      [channel.id],
    );
    expect(rows).toEqual([{ status: 'pending' }]);
    await apiOnly.stop();
    expect(hook.requests.filter((r) => r.url.pathname === '/durable')).toHaveLength(0);
    daemon = await startTestDaemon({
      database,
      config: { secretKey: KEY, telegramBaseUrl: telegram.baseUrl },
    });
    await expect
      .poll(() => hook.requests.filter((r) => r.url.pathname === '/durable').length, { timeout: 10_000 })
      .toBe(1);
    expect(JSON.parse(hook.requests.find((r) => r.url.pathname === '/durable')!.body).title).toBe(
      'Deployment 4 in error',
    );
  });

  it('refuses bad input naming the field, keeps channels private, and needs operator', async () => {
    const operator = daemon.api('operator');
    await expect(
      operator.notifications.createChannel.mutate({
        name: 'x',
        target: { kind: 'webhook', url: 'ftp://example.com' },
        events: ['fill'],
      }),
    ).rejects.toThrow(/target\.url: got "ftp:\/\/example.com", expected an http:\/\/ or https:\/\/ URL/);
    await expect(
      operator.notifications.createChannel.mutate({
        name: 'x',
        target: { kind: 'webhook', url: 'https://example.com' },
        events: ['no_such_kind' as 'fill'],
      }),
    ).rejects.toThrow(/events\[0\]/);
    await expect(daemon.api('viewer').notifications.channels.query()).rejects.toThrow(
      /needs the operator role/,
    );
    const mine = (await operator.notifications.channels.query()).map((c) => c.id);
    const theirs = await daemon.api('operator2').notifications.channels.query();
    expect(theirs.some((c) => mine.includes(c.id))).toBe(false);
    await expect(daemon.api('operator2').notifications.test.mutate({ id: mine[0]! })).rejects.toThrow(
      /no notification channel/,
    );
    expect(await daemon.api('viewer').notifications.kinds.query()).toHaveLength(9);
  });

  it('says which key is missing instead of failing when a daemon holds another key', async () => {
    const other = await startTestDaemon({
      database: daemon.database,
      config: { secretKey: 'b'.repeat(64), roles: ['api'] },
    });
    try {
      const [channel] = await other.api('operator').notifications.channels.query();
      const result = await other.api('operator').notifications.test.mutate({ id: channel!.id });
      expect(result.delivered).toBe(false);
      expect(result.error).toMatch(/encrypted with key [0-9a-f]{16}, but this daemon has key [0-9a-f]{16}/);
    } finally {
      await other.stop();
    }
  });
});
