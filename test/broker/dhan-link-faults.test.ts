// The link's own defences against a failing broker: the circuit breaker (orders refused with a
// reason while the broker keeps failing, nothing sent), and an expired token (DH-901 marks it bad;
// orders stop without reaching the broker until a new token is set — no restart).
import { describe, expect, it } from 'vitest';
import type { CircuitState } from '../../daemon/src/broker/dhan';
import { clientOrderId, dhanClientFor, LIMIT_BUY, useFakeDhan } from '../support/dhan';

const fake = useFakeDhan();
const noRetry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };

describe('circuit breaker', () => {
  it('opens after repeated failures, refuses orders without sending them, and closes when the broker answers', async () => {
    const changes: [CircuitState, string | undefined][] = [];
    const client = dhanClientFor(fake.current, {
      readRetry: noRetry,
      circuit: { threshold: 3, cooldownMs: 400, onChange: (s, r) => changes.push([s, r]) },
    });
    fake.current.faults.add('GET /fundlimit', { kind: 'status', status: 502 }, 3);
    for (let i = 0; i < 3; i++)
      await expect(client.rest.funds()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(client.breaker.state()).toBe('open');
    expect(changes[0]).toEqual(['open', expect.stringContaining('HTTP 502, DH-909')]);

    const posts = () =>
      fake.current.requests.filter((r) => r.method === 'POST' && r.path === '/orders').length;
    const before = posts();
    const refused = await client.rest
      .placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId() })
      .catch((e: Error) => e);
    expect(refused).toMatchObject({ code: 'BROKER_LINK_DOWN', sent: 'not_sent' });
    expect((refused as Error).message).toMatch(
      /the Dhan link is down after 3 failures in a row \(last: Dhan GET \/fundlimit failed \(HTTP 502.*orders are refused for \d+ s more/,
    );
    expect(posts()).toBe(before);

    // After the cooldown a request may try again; its success closes the circuit.
    await new Promise((r) => setTimeout(r, 450));
    const id = clientOrderId();
    await expect(client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id })).resolves.toMatchObject({
      sends: 1,
    });
    expect(client.breaker.state()).toBe('closed');
    expect(changes.map((c) => c[0])).toEqual(['open', 'half_open', 'closed']);
    expect(fake.current.broker.placesOf(id)).toBe(1);
    client.close();
  });

  it('a failed trial opens it again for another cooldown', async () => {
    const client = dhanClientFor(fake.current, {
      readRetry: noRetry,
      circuit: { threshold: 2, cooldownMs: 200 },
    });
    fake.current.faults.add('GET /profile', { kind: 'drop' }, 3);
    await client.rest.profile().catch(() => undefined);
    await client.rest.profile().catch(() => undefined);
    expect(client.breaker.state()).toBe('open');
    await new Promise((r) => setTimeout(r, 250));
    expect(client.breaker.state()).toBe('half_open');
    await client.rest.profile().catch(() => undefined);
    expect(client.breaker.state()).toBe('open');
    client.close();
  });
});

describe('an expired token', () => {
  it('DH-901 stops every call locally until a new token is set, without rebuilding the client', async () => {
    let token = fake.current.tokens.issue(fake.current.clientId);
    const expired: string[] = [];
    const client = dhanClientFor(fake.current, {
      token: () => token,
      observer: { authExpired: (m) => expired.push(m) },
    });
    await client.rest.funds();
    fake.current.expireToken(token);
    await expect(client.rest.funds()).rejects.toMatchObject({
      code: 'BROKER_AUTH_EXPIRED',
      dhanCode: 'DH-901',
      httpStatus: 401,
    });
    expect(expired).toHaveLength(1);
    expect(client.rest.authRefused()).toBe(true);

    const seen = fake.current.requests.length;
    const refused = await client.rest
      .placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId() })
      .catch((e: Error) => e);
    expect(refused).toMatchObject({ code: 'BROKER_AUTH_EXPIRED', sent: 'not_sent' });
    expect((refused as Error).message).toContain('set a new one (quanttrade broker token)');
    expect(fake.current.requests.length).toBe(seen);

    token = fake.current.tokens.issue(fake.current.clientId);
    expect(client.rest.authRefused()).toBe(false);
    const id = clientOrderId();
    await expect(client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id })).resolves.toMatchObject({
      sends: 1,
    });
    expect(fake.current.broker.placesOf(id)).toBe(1);
    client.close();
  });

  it('no error message or detail ever carries the token', async () => {
    const token = fake.current.tokens.issue(fake.current.clientId);
    const client = dhanClientFor(fake.current, { token: () => token, readRetry: noRetry, timeoutMs: 200 });
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));
    fake.current.faults.add('GET /fundlimit', { kind: 'status', status: 500 });
    await collect(client.rest.funds());
    fake.current.faults.add('GET /orders', { kind: 'garbage', body: [{ token }] });
    await collect(client.rest.orderBook());
    fake.current.faults.add('GET /profile', { kind: 'delay', ms: 400 });
    await collect(client.rest.profile());
    fake.current.expireToken(token);
    await collect(client.rest.positions());
    await collect(client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId() }));
    expect(errors).toHaveLength(5);
    for (const e of errors) {
      const text = `${(e as Error).message} ${JSON.stringify(e)} ${(e as Error).stack}`;
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2]!);
    }
    client.close();
  });
});
