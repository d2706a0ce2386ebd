// Never the same order twice: a place whose answer is lost (timeout, reset, 5xx, garbage) is looked
// up by correlation id and resent only when the broker confirms it has no such order. Every test
// counts the place requests the fake broker accepted for that correlation id — the number of
// orders at the broker — instead of trusting the client's account of it.
import { describe, expect, it } from 'vitest';
import { startFakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { clientOrderId, dhanClientFor, LIMIT_BUY, useFakeDhan } from '../support/dhan';

const fake = useFakeDhan();

async function place(faults: () => void) {
  const client = dhanClientFor(fake.current);
  const id = clientOrderId('f');
  faults();
  const result = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id }).then(
    (ok) => ({ ok }),
    (error: Error & { code?: string }) => ({ error }),
  );
  client.close();
  const places = fake.current.requests.filter(
    (r) => r.method === 'POST' && r.path === '/orders' && r.body.correlationId === id,
  );
  return { id, result, atBroker: fake.current.broker.placesOf(id), sent: places.length };
}

describe('a place whose outcome is unknown', () => {
  it('answer delayed past the client timeout while the order is created: found by lookup, not resent', async () => {
    const r = await place(() => fake.current.faults.add('POST /orders', { kind: 'delay', ms: 1500 }));
    expect(r.result).toMatchObject({ ok: { recovered: true, sends: 1, status: 'open' } });
    expect(r.sent).toBe(1);
    expect(r.atBroker).toBe(1);
  });

  it('connection reset after the broker acted: found by lookup, not resent', async () => {
    const r = await place(() => fake.current.faults.add('POST /orders', { kind: 'drop', act: true }));
    expect(r.result).toMatchObject({ ok: { recovered: true, sends: 1 } });
    expect([r.sent, r.atBroker]).toEqual([1, 1]);
  });

  it('5xx after the broker acted: found by lookup, not resent', async () => {
    const r = await place(() =>
      fake.current.faults.add('POST /orders', { kind: 'status', status: 500, act: true }),
    );
    expect(r.result).toMatchObject({ ok: { recovered: true } });
    expect([r.sent, r.atBroker]).toEqual([1, 1]);
  });

  it('an unreadable 2xx after the broker acted: found by lookup, not resent', async () => {
    const r = await place(() =>
      fake.current.faults.add('POST /orders', { kind: 'garbage', body: { ok: 1 }, act: true }),
    );
    expect(r.result).toMatchObject({ ok: { recovered: true } });
    expect([r.sent, r.atBroker]).toEqual([1, 1]);
  });

  it('5xx before the broker acted: the lookups confirm absence, then it is sent once more', async () => {
    const r = await place(() => fake.current.faults.add('POST /orders', { kind: 'status', status: 502 }));
    expect(r.result).toMatchObject({ ok: { recovered: false, sends: 2 } });
    expect([r.sent, r.atBroker]).toEqual([2, 1]);
    // Three "absent" answers and the order book, before the second send.
    const lookups = fake.current.requests.filter((q) => q.path === `/orders/external/${r.id}`);
    expect(lookups.length).toBe(3);
  });

  it('reset before the broker acted: resent only after the broker confirmed it has none', async () => {
    const r = await place(() => fake.current.faults.add('POST /orders', { kind: 'drop' }));
    expect(r.result).toMatchObject({ ok: { sends: 2 } });
    expect([r.sent, r.atBroker]).toEqual([2, 1]);
  });

  it('the lookups fail too: the outcome stays unknown and nothing is resent', async () => {
    const r = await place(() => {
      fake.current.faults.add('POST /orders', { kind: 'status', status: 500, act: true });
      fake.current.faults.add('GET /orders/external/*', { kind: 'status', status: 503 }, 100);
      fake.current.faults.add('GET /orders', { kind: 'status', status: 503 }, 100);
    });
    expect(r.result).toMatchObject({ error: { code: 'BROKER_OUTCOME_UNKNOWN' } });
    expect((r.result as { error: Error }).error.message).toMatch(
      /it will not be sent again — reconciliation will find it/,
    );
    expect([r.sent, r.atBroker]).toEqual([1, 1]);
  });

  it('the lookup misses but the order book lists it: not resent (a second witness)', async () => {
    const r = await place(() => {
      fake.current.faults.add('POST /orders', { kind: 'status', status: 500, act: true });
      fake.current.faults.add(
        'GET /orders/external/*',
        {
          kind: 'status',
          status: 400,
          body: { errorType: 'Input_Exception', errorCode: 'DH-905', errorMessage: 'no such order' },
        },
        3,
      );
    });
    expect(r.result).toMatchObject({ ok: { recovered: true } });
    expect([r.sent, r.atBroker]).toEqual([1, 1]);
  });

  it('fails every time before acting: gives up after maxSends, the broker holding none', async () => {
    const r = await place(() => fake.current.faults.add('POST /orders', { kind: 'status', status: 500 }, 3));
    expect(r.result).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE' } });
    expect((r.result as { error: Error }).error.message).toMatch(/was not placed: sent 3 times/);
    expect([r.sent, r.atBroker]).toEqual([3, 0]);
  });
});

describe('a place that certainly did not reach the broker', () => {
  it('429 (DH-904): waits and sends again; one order', async () => {
    const r = await place(() =>
      fake.current.faults.add('POST /orders', { kind: 'status', status: 429, retryAfter: 0 }),
    );
    expect(r.result).toMatchObject({ ok: { sends: 1, recovered: false } });
    expect([r.sent, r.atBroker]).toEqual([2, 1]);
    expect(fake.current.requests.some((q) => q.path === `/orders/external/${r.id}`)).toBe(false);
  });

  it('a rejection (DH-905/906) is final: not resent, not looked up', async () => {
    const r = await place(() =>
      fake.current.faults.add('POST /orders', {
        kind: 'status',
        status: 400,
        body: { errorType: 'Order_Error', errorCode: 'DH-906', errorMessage: 'Market is closed' },
      }),
    );
    expect(r.result).toMatchObject({ error: { code: 'BROKER_REJECTED', dhanCode: 'DH-906' } });
    expect((r.result as { error: Error }).error.message).toContain('DH-906 Order_Error: Market is closed');
    expect([r.sent, r.atBroker]).toEqual([1, 0]);
  });
});

describe('lookups answered the other ways Dhan might answer "no such order"', () => {
  it.each(['empty-array', 'http404'] as const)('missing lookup answered as %s', async (missingLookup) => {
    const other = await startFakeDhan({ missingLookup });
    try {
      const client = dhanClientFor(other);
      const id = clientOrderId('m');
      other.faults.add('POST /orders', { kind: 'status', status: 503 });
      expect(await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id })).toMatchObject({ sends: 2 });
      expect(other.broker.placesOf(id)).toBe(1);
      expect(await client.rest.orderByClientId(clientOrderId('x'))).toBeUndefined();
      client.close();
    } finally {
      await other.close();
    }
  });
});

describe('many orders through random faults', () => {
  it('no duplicate and no order lost at the broker', async () => {
    const client = dhanClientFor(fake.current);
    const kinds = [
      { kind: 'delay', ms: 900 },
      { kind: 'drop', act: true },
      { kind: 'drop' },
      { kind: 'status', status: 500, act: true },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429, retryAfter: 0 },
    ] as const;
    const ids: string[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const id = clientOrderId(`r${i}`);
        ids.push(id);
        if (i % 2 === 0) fake.current.faults.add('POST /orders', kinds[i % kinds.length]!);
        return client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id }).then(
          () => 'placed',
          (e: { code: string }) => e.code,
        );
      }),
    );
    expect(fake.current.broker.duplicates()).toEqual([]);
    // Every order the client reports placed is at the broker exactly once. One it could not
    // settle in time (a slow machine can outlast the lookups) is BROKER_OUTCOME_UNKNOWN, and a
    // later lookup — reconciliation's job — finds it exactly when the broker has it; any other
    // failure is definite and the order is not at the broker. Nothing is lost either way.
    for (const [i, id] of ids.entries()) {
      const outcome = outcomes[i];
      if (outcome === 'placed') expect(fake.current.broker.placesOf(id)).toBe(1);
      else if (outcome === 'BROKER_OUTCOME_UNKNOWN')
        expect((await client.rest.orderByClientId(id)) !== undefined).toBe(
          fake.current.broker.placesOf(id) === 1,
        );
      else expect([outcome, fake.current.broker.placesOf(id)]).toEqual([outcome, 0]);
    }
    client.close();
    expect(outcomes.filter((o) => o === 'placed').length).toBeGreaterThan(0);
  });
});
