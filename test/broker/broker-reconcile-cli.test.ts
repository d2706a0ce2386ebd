// The built `quanttrade broker reconcile` and `differences` against a test database and the fake
// Dhan: a pass run from the shell books what the ledger missed (a fill of an order the ledger
// sent), stores what nothing explains (an order placed by hand) once however often it runs, and
// the differences are listed. Bad flags and unknown accounts get clear errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { runCliAsync } from '../support/spawn-daemon';
import { createInstrument } from '../trading/support/trading-fixtures';

let db: TestDatabase;
let fake: FakeDhan;
const dir = mkdtempSync(join(tmpdir(), 'qt-broker-reconcile-'));
const key = join(dir, 'broker.key');

async function cli(args: string[], input?: string) {
  return runCliAsync(['broker', ...args], {
    env: { DATABASE_URL: db.url, QUANTTRADE_BROKER_KEY_FILE: key, QUANTTRADE_DHAN_BASE_URL: fake.restUrl },
    input,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeDhan({ pingMs: 1000 });
  await db.pool.query(
    "INSERT INTO users (email, role, password_hash) VALUES ('recon@test.local', 'operator', 'x')",
  );
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('quanttrade broker reconcile', () => {
  it('books a missed fill, stores a hand-placed order as a difference once, and lists it', async () => {
    expect((await cli(['key-gen', '--out', key])).code).toBe(0);
    const added = await cli(
      ['add', '--owner', 'recon@test.local', '--label', 'cli', '--client-id', fake.clientId, '--token-stdin'],
      fake.tokens.issue(fake.clientId),
    );
    expect(added.code).toBe(0);
    const id = Number(/added broker account (\d+)/.exec(added.stdout)![1]);

    // An order the ledger sent (written as the ledger writes one), filled at Dhan while nobody listened.
    const instrument = await createInstrument(db.pool, { securityId: '2885' });
    const { rows: owner } = await db.pool.query<{ id: number }>(
      "SELECT id FROM users WHERE email = 'recon@test.local'",
    );
    const ledger = createLedger({ pool: db.pool, log: testLogger() });
    const { order } = await ledger.submit(null, {
      clientOrderId: 'cli-recon-1',
      deploymentId: null,
      brokerAccountId: id,
      instrumentId: instrument.id,
      side: 'buy',
      qty: 4,
      orderType: 'LIMIT',
      limitPrice: 2500,
      product: 'INTRADAY',
      validity: 'DAY',
      costModel: 'india',
    });
    expect(order.ownerId).toBe(owner[0]!.id);
    const placed = fake.broker.create({
      correlationId: 'cli-recon-1',
      transactionType: 'BUY',
      exchangeSegment: 'NSE_EQ',
      productType: 'INTRADAY',
      orderType: 'LIMIT',
      validity: 'DAY',
      securityId: '2885',
      quantity: 4,
      disclosedQuantity: 0,
      price: 2500,
      triggerPrice: 0,
      afterMarketOrder: false,
    });
    await db.pool.query(
      "UPDATE orders SET status = 'open', broker_order_id = $2, sent_at = now() WHERE client_order_id = $1",
      ['cli-recon-1', placed.orderId],
    );
    fake.broker.fill(placed.orderId, 4, 2500);
    const hand = fake.broker.create({
      transactionType: 'SELL',
      exchangeSegment: 'NSE_EQ',
      productType: 'CNC',
      orderType: 'MARKET',
      validity: 'DAY',
      securityId: '1333',
      quantity: 2,
      disclosedQuantity: 0,
      price: 0,
      triggerPrice: 0,
      afterMarketOrder: false,
    });

    const first = await cli(['reconcile', '--id', String(id)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('applied 1 fill(s)');
    expect(first.stdout).toContain('differences: 1 found, 1 new, 1 open');
    const booked = await ledger.order({ clientOrderId: 'cli-recon-1' });
    expect(booked).toMatchObject({ status: 'filled', filledQty: 4 });

    const second = await cli(['reconcile', '--id', String(id)]);
    expect(second.stdout).toContain('applied 0 fill(s)');
    expect(second.stdout).toContain('differences: 1 found, 0 new, 1 open');

    const listed = await cli(['differences', '--id', String(id)]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('unknown_order');
    expect(lines[0]).toContain('seen 2×');
    expect(lines[0]).toContain(`no client order id: placed elsewhere`);
    expect(hand.orderId).toMatch(/^\d+$/);
    // Nothing was placed by the pass: the broker holds the two orders it held before.
    expect(fake.broker.orders()).toHaveLength(2);
  });

  it('names what is wrong: a missing --id, an unknown account', async () => {
    const missing = await cli(['reconcile']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--id/);
    const unknown = await cli(['reconcile', '--id', '999999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no broker account 999999/);
  });
});
