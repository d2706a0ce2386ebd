// The Dhan REST client against the local fake Dhan: every endpoint the link uses, the request it
// sends (documented paths, headers and bodies), the records it returns, and the error classes.
import { describe, expect, it } from 'vitest';
import { DhanError } from '../../daemon/src/broker/dhan';
import { clientOrderId, dhanClientFor, LIMIT_BUY, useFakeDhan } from '../support/dhan';

const fake = useFakeDhan({
  holdings: [
    {
      exchange: 'NSE',
      tradingSymbol: 'TCS',
      securityId: '11536',
      isin: 'INE467B01029',
      totalQty: 5,
      dpQty: 5,
      t1Qty: 0,
      availableQty: 5,
      collateralQty: 0,
      avgCostPrice: 3900.5,
      lastTradedPrice: 4010,
    },
  ],
});

describe('Dhan REST client: orders', () => {
  it('places with the documented body and headers, correlationId = our client order id', async () => {
    const client = dhanClientFor(fake.current);
    const id = clientOrderId();
    const ack = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id });
    expect(ack).toMatchObject({ status: 'open', brokerStatus: 'TRANSIT', sends: 1, recovered: false });
    const req = fake.current.requests.find(
      (r) => r.method === 'POST' && r.path === '/orders' && r.body.correlationId === id,
    )!;
    expect(req.headers).toMatchObject({
      'access-token': fake.current.token,
      'client-id': fake.current.clientId,
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(req.body).toEqual({
      dhanClientId: fake.current.clientId,
      correlationId: id,
      transactionType: 'BUY',
      exchangeSegment: 'NSE_EQ',
      productType: 'INTRADAY',
      orderType: 'LIMIT',
      validity: 'DAY',
      securityId: '11536',
      quantity: 10,
      disclosedQuantity: 0,
      price: 4000,
      triggerPrice: 0,
      afterMarketOrder: false,
    });
    const order = await client.rest.order(ack.brokerOrderId);
    expect(order).toMatchObject({
      clientOrderId: id,
      side: 'buy',
      quantity: 10,
      filledQty: 0,
      remainingQty: 10,
      price: 4000,
      status: 'open',
      brokerStatus: 'PENDING',
    });
    expect(await client.rest.orderByClientId(id)).toMatchObject({ brokerOrderId: ack.brokerOrderId });
    expect(await client.rest.orderByClientId(clientOrderId('none'))).toBeUndefined();
    client.close();
  });

  it('modifies, cancels, slices, and reads the order book and trades', async () => {
    const client = dhanClientFor(fake.current);
    const a = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId() });
    const modified = await client.rest.modifyOrder({
      brokerOrderId: a.brokerOrderId,
      orderType: 'LIMIT',
      validity: 'DAY',
      quantity: 20,
      price: 3990,
    });
    expect(modified.brokerOrderId).toBe(a.brokerOrderId);
    expect(fake.current.broker.order(a.brokerOrderId)).toMatchObject({ quantity: 20, price: 3990 });
    const put = fake.current.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/orders/${a.brokerOrderId}`);
    expect(put.body).toMatchObject({
      orderId: a.brokerOrderId,
      orderType: 'LIMIT',
      quantity: 20,
      price: 3990,
      validity: 'DAY',
      legName: 'NA',
    });

    fake.current.broker.fill(a.brokerOrderId, 5, 3990);
    const trades = await client.rest.tradesOfOrder(a.brokerOrderId);
    expect(trades).toMatchObject([{ brokerOrderId: a.brokerOrderId, quantity: 5, price: 3990, side: 'buy' }]);
    expect(await client.rest.order(a.brokerOrderId)).toMatchObject({
      status: 'partially_filled',
      filledQty: 5,
      remainingQty: 15,
      averagePrice: 3990,
    });
    expect(await client.rest.cancelOrder(a.brokerOrderId)).toMatchObject({ status: 'cancelled' });
    expect(await client.rest.order(a.brokerOrderId)).toMatchObject({ status: 'cancelled', filledQty: 5 });

    const sliced = await client.rest.placeSlicedOrder({
      ...LIMIT_BUY,
      quantity: 4000,
      clientOrderId: clientOrderId(),
    });
    expect(sliced.map((s) => s.status)).toEqual(['open', 'open', 'open']);
    const book = await client.rest.orderBook();
    expect(
      book.filter((o) => sliced.some((s) => s.brokerOrderId === o.brokerOrderId)).map((o) => o.quantity),
    ).toEqual([1800, 1800, 400]);
    expect((await client.rest.trades()).some((t) => t.brokerOrderId === a.brokerOrderId)).toBe(true);
    client.close();
  });

  it('refuses a bad order before sending it, naming the field, the value and what was expected', async () => {
    const client = dhanClientFor(fake.current);
    const before = fake.current.requests.length;
    await expect(
      client.rest.placeOrder({ ...LIMIT_BUY, price: undefined, clientOrderId: clientOrderId() }),
    ).rejects.toThrow(/price: got missing, expected a limit price for a LIMIT order/);
    await expect(client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: 'has space' })).rejects.toThrow(
      /clientOrderId: got "has space", expected 1 to 30 characters/,
    );
    await expect(
      client.rest.placeOrder({
        ...LIMIT_BUY,
        quantity: 10,
        disclosedQuantity: 1,
        clientOrderId: clientOrderId(),
      }),
    ).rejects.toThrow(/disclosedQuantity: got 1, expected 0, or between 30 % of the quantity \(3\)/);
    await expect(client.rest.order('../profile')).rejects.toThrow(/brokerOrderId: got "..\/profile"/);
    expect(fake.current.requests.length).toBe(before);
    client.close();
  });
});

describe('Dhan REST client: portfolio and controls', () => {
  it('reads positions, holdings, funds, profile and the kill switch; sets the kill switch', async () => {
    const client = dhanClientFor(fake.current);
    const a = await client.rest.placeOrder({
      ...LIMIT_BUY,
      securityId: '1333',
      clientOrderId: clientOrderId(),
    });
    fake.current.broker.fill(a.brokerOrderId, 10, 1600);
    const positions = await client.rest.positions();
    expect(positions.find((p) => p.securityId === '1333')).toMatchObject({
      netQty: 10,
      buyQty: 10,
      buyAverage: 1600,
      product: 'INTRADAY',
      segment: 'NSE_EQ',
    });
    expect(await client.rest.holdings()).toEqual([
      {
        exchange: 'NSE',
        tradingSymbol: 'TCS',
        securityId: '11536',
        isin: 'INE467B01029',
        totalQty: 5,
        availableQty: 5,
        averageCost: 3900.5,
        lastPrice: 4010,
      },
    ]);
    expect((await client.rest.funds()).availableBalance).toBe(100_000);
    const profile = await client.rest.profile();
    expect(profile.clientId).toBe(fake.current.clientId);
    expect(profile.activeSegments).toEqual(['Equity', 'Derivative']);
    // The profile's validity is minutes; the token's own exp is seconds.
    expect(
      Math.abs(profile.tokenValidUntil! - fake.current.tokens.expiryOf(fake.current.token)!),
    ).toBeLessThan(60_000);
    expect(await client.rest.killSwitch()).toMatchObject({ active: false });
    expect(await client.rest.setKillSwitch(true)).toMatchObject({
      active: true,
      message: 'Kill Switch has been successfully activated',
    });
    const ks = fake.current.requests.find((r) => r.method === 'POST' && r.path === '/killswitch')!;
    expect(ks).toBeDefined();
    expect(await client.rest.killSwitch()).toMatchObject({ active: true });
    await expect(
      client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId() }),
    ).rejects.toMatchObject({ code: 'BROKER_REJECTED', dhanCode: 'DH-906' });
    await client.rest.setKillSwitch(false);
    client.close();
  });

  it('renews the token: the new one works, the old one is refused', async () => {
    let token = fake.current.tokens.issue(fake.current.clientId);
    const client = dhanClientFor(fake.current, { token: () => token });
    const renewed = await client.rest.renewToken();
    expect(renewed.accessToken).not.toBe(token);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const renewal = fake.current.requests.find((r) => r.path === '/RenewToken')!;
    expect(renewal.method).toBe('GET');
    expect(renewal.headers).toMatchObject({ 'access-token': token, dhanclientid: fake.current.clientId });
    await expect(client.rest.funds()).rejects.toMatchObject({
      code: 'BROKER_AUTH_EXPIRED',
      action: 'reauthenticate',
      dhanCode: 'DH-901',
    });
    token = renewed.accessToken;
    expect((await client.rest.funds()).availableBalance).toBe(100_000);
    client.close();
  });
});

describe('Dhan REST client: errors by what the caller does', () => {
  const table: [number, string | undefined, string, string][] = [
    [401, 'DH-901', 'reauthenticate', 'BROKER_AUTH_EXPIRED'],
    [403, 'DH-902', 'stop', 'BROKER_ACCESS_DENIED'],
    [400, 'DH-903', 'stop', 'BROKER_ACCESS_DENIED'],
    [400, 'DH-905', 'reject', 'BROKER_REJECTED'],
    [400, 'DH-906', 'reject', 'BROKER_REJECTED'],
    [400, 'DH-907', 'reject', 'BROKER_REJECTED'],
    [500, 'DH-908', 'retry', 'DEPENDENCY_UNAVAILABLE'],
    [502, 'DH-909', 'retry', 'DEPENDENCY_UNAVAILABLE'],
    [400, 'DH-910', 'reject', 'BROKER_REJECTED'],
    [503, 'DH-910', 'retry', 'DEPENDENCY_UNAVAILABLE'],
    [429, 'DH-904', 'retry', 'RATE_LIMITED'],
    [404, undefined, 'reject', 'BROKER_REJECTED'],
  ];
  it.each(table)('HTTP %i %s → %s (%s)', async (status, code, action, appCode) => {
    const client = dhanClientFor(fake.current, { readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const body = code
      ? { errorType: 'X', errorCode: code, errorMessage: `message of ${code}` }
      : { timestamp: 'now', status: 404, error: 'Not Found', path: '/v2/fundlimit' };
    fake.current.faults.add('GET /fundlimit', {
      kind: 'status',
      status,
      body,
      retryAfter: status === 429 ? 0 : undefined,
    });
    const err = await client.rest.funds().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DhanError);
    expect(err).toMatchObject({
      action,
      code: appCode,
      httpStatus: status,
      ...(code ? { dhanCode: code } : {}),
    });
    expect((err as Error).message).toContain(`Dhan GET /fundlimit failed (HTTP ${status}`);
    client.close();
  });

  it('retries reads with backoff through 5xx and dropped connections', async () => {
    const client = dhanClientFor(fake.current);
    fake.current.faults.add('GET /positions', { kind: 'status', status: 502 });
    fake.current.faults.add('GET /positions', { kind: 'drop' });
    expect(await client.rest.positions()).toBeInstanceOf(Array);
    expect(
      fake.current.requests
        .filter((r) => r.path === '/positions')
        .slice(-3)
        .map((r) => r.status),
    ).toEqual([502, 0, 200]);
    client.close();
  });

  it('names the field when an answer has an unexpected shape', async () => {
    const client = dhanClientFor(fake.current, { readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    fake.current.faults.add('GET /orders', {
      kind: 'garbage',
      body: [
        {
          orderId: '1',
          orderStatus: 'PENDING',
          transactionType: 'HOLD',
          exchangeSegment: 'NSE_EQ',
          productType: 'CNC',
          orderType: 'LIMIT',
          securityId: '1',
          quantity: 'ten',
        },
      ],
    });
    await expect(client.rest.orderBook()).rejects.toThrow(
      /Dhan GET \/orders answered an unexpected shape \(HTTP 200\): \[0\]\.transactionType: got "HOLD", expected one of "BUY", "SELL"; \[0\]\.quantity: got "ten"/,
    );
    client.close();
  });
});
