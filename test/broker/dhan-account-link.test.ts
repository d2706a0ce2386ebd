// One account's link as the risk gate and the runner see it, against the fake Dhan: its state
// follows the broker (connecting → connected → circuit_open / auth_expired → connected), every
// trouble raises an alert, a stale symbol is reported, and the token is renewed before expiry.
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerAlert } from '../../daemon/src/broker/broker-events';
import {
  createAccountLink,
  createMemoryRateStore,
  createRateLimiter,
  type AccountLink,
} from '../../daemon/src/broker/dhan';
import { canSendOrders, type LinkStatus } from '../../daemon/src/broker/link-state';
import { clientOrderId, eventually, FAST, LIMIT_BUY, useFakeDhan } from '../support/dhan';

const fake = useFakeDhan();
const links: AccountLink[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.stop()));
  fake.current.feed.silence(false);
});

function link(token = fake.current.token, overrides: { cooldownMs?: number } = {}) {
  const alerts: BrokerAlert[] = [];
  const states: LinkStatus[] = [];
  const l = createAccountLink({
    accountId: 9,
    credentials: { clientId: fake.current.clientId, accessToken: token },
    urls: {
      rest: fake.current.restUrl,
      feed: fake.current.feedUrl,
      orderUpdates: fake.current.orderUpdateUrl,
    },
    limiter: createRateLimiter({ store: createMemoryRateStore(), key: 'link-test' }),
    timeoutMs: FAST.timeoutMs,
    readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    placement: FAST.placement,
    circuit: { threshold: 3, cooldownMs: overrides.cooldownMs ?? 60_000 },
    staleness: { staleAfterMs: 400, checkEveryMs: 50, sessionOpen: () => 0 },
    socket: { backoffBaseMs: 50, backoffMaxMs: 200, pingIntervalMs: 200 },
    onAlert: (a) => alerts.push(a),
    onStatus: (s) => states.push(s),
  });
  links.push(l);
  return { l, alerts, states };
}

describe('account link', () => {
  it('comes up connected once the token is checked and the order-update socket is open', async () => {
    const { l, states } = link();
    await l.start();
    await eventually(() => l.status().state === 'connected', 5000, 'connected');
    expect(states[0]!.state).toBe('connecting');
    expect(canSendOrders(l.status().state)).toBe(true);
    expect(fake.current.requests.some((r) => r.path === '/profile')).toBe(true);
  });

  it('repeated failures open the circuit: state circuit_open, an alert, orders refused unsent', async () => {
    const { l, alerts } = link();
    await l.start();
    await eventually(() => l.status().state === 'connected', 5000, 'connected');
    fake.current.faults.add('GET /positions', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await l.client.rest.positions().catch(() => undefined);
    expect(l.status()).toMatchObject({
      state: 'circuit_open',
      detail: expect.stringContaining('orders are refused'),
    });
    expect(canSendOrders(l.status().state)).toBe(false);
    expect(alerts.map((a) => a.kind)).toEqual(['circuit_open']);
    const id = clientOrderId('cb');
    await expect(l.client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id })).rejects.toMatchObject({
      code: 'BROKER_LINK_DOWN',
    });
    expect(fake.current.broker.placesOf(id)).toBe(0);
  });

  it('a refused token: auth_expired with an alert; a new token brings it back', async () => {
    const token = fake.current.tokens.issue(fake.current.clientId);
    const { l, alerts } = link(token);
    await l.start();
    await eventually(() => l.status().state === 'connected', 5000, 'connected');
    fake.current.expireToken(token);
    await l.client.rest.funds().catch(() => undefined);
    expect(l.status().state).toBe('auth_expired');
    expect(alerts.map((a) => a.kind)).toContain('auth_expired');
    await l.setCredentials({
      clientId: fake.current.clientId,
      accessToken: fake.current.tokens.issue(fake.current.clientId),
    });
    await eventually(() => l.status().state === 'connected', 5000, 'connected again');
  });

  it('a stale symbol is alerted and degrades the link; its ticks make it fresh', async () => {
    const { l, alerts } = link();
    await l.start();
    const feed = l.tickSource();
    let ticks = 0;
    feed.onTick(() => ticks++);
    feed.subscribe([{ symbol: 'TCS', segment: 'NSE_EQ', securityId: '11536' }]);
    await eventually(() => ticks > 2 && l.status().state === 'connected', 5000, 'ticking');
    fake.current.feed.silence(true);
    await eventually(
      () => alerts.some((a) => a.kind === 'stale_symbol' && a.symbol === 'TCS'),
      5000,
      'stale alert',
    );
    expect(l.status().state).not.toBe('connected');
    fake.current.feed.silence(false);
    await eventually(() => !feed.isStale('TCS') && l.status().state === 'connected', 5000, 'fresh');
  });

  it('renews the token when it expires within the lead time, and keeps working on the new one', async () => {
    const token = fake.current.tokens.issue(fake.current.clientId, 20 * 60_000);
    const { l } = link(token);
    await l.start();
    expect(await l.renewIfDue(5 * 60_000)).toBeUndefined();
    const renewed = await l.renewIfDue(60 * 60_000);
    expect(renewed?.accessToken).toBeDefined();
    expect(renewed!.accessToken).not.toBe(token);
    expect(fake.current.tokens.check(token).ok).toBe(false);
    expect(l.tokenExpiresAt()).toBe(fake.current.tokens.expiryOf(renewed!.accessToken));
    await expect(l.client.rest.funds()).resolves.toMatchObject({ availableBalance: 100_000 });
  });
});
