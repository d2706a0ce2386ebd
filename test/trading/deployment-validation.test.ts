// Deployment specs checked at create and update time (issue 10 "Bad input and faults"), on a real
// PostgreSQL under the caller's row-level security: each bad field is refused naming the field,
// the value and what was expected; nothing is written; a good spec is stored canonicalised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUserScope } from '../../daemon/src/db/user-scope';
import {
  commandDeployment,
  createUserDeployment,
  updateUserDeployment,
  type DeploymentCaller,
} from '../../daemon/src/trading/deployments/deployment-service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  createBrokerAccount,
  createDeployment,
  createInstrument,
  createUser,
} from './support/trading-fixtures';

let db: TestDatabase;
let caller: DeploymentCaller;
let owner: number;
let good: Record<string, unknown>;
let other: { accountId: number; strategyId: number; profileId: number };
let profileId: number;
let archivedStrategy: number;
let future: string;
let dailyOnly: string;
let equity: string;

async function cover(instrumentId: number, timeframe: string) {
  await db.pool.query(
    `INSERT INTO bar_coverage (instrument_id, timeframe, first_ts, last_ts, bar_count, source)
     VALUES ($1, $2, '2026-01-01T03:45:00Z', '2026-06-01T10:00:00Z', 1000, 'test')`,
    [instrumentId, timeframe],
  );
}

async function profile(ownerId: number, archived = false): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO risk_profiles (owner_id, name, limits, archived_at) VALUES ($1, $2, '{}', $3) RETURNING id`,
    [ownerId, `p${Math.random()}`, archived ? new Date() : null],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await createUser(db.pool);
  const stranger = await createUser(db.pool);
  const account = await createBrokerAccount(db.pool, owner);
  const seeded = await createDeployment(db.pool, owner, account);
  const eq = await createInstrument(db.pool);
  const fut = await createInstrument(db.pool, { kind: 'future', segment: 'NSE_FNO', lotSize: 75 });
  const daily = await createInstrument(db.pool);
  await cover(eq.id, '1m');
  await cover(fut.id, '5m');
  await cover(daily.id, '1d');
  equity = `NSE:${eq.symbol}`;
  future = `NSE:${fut.symbol}`;
  dailyOnly = daily.symbol;
  profileId = await profile(owner);
  const strangerAccount = await createBrokerAccount(db.pool, stranger);
  other = {
    accountId: strangerAccount,
    strategyId: (await createDeployment(db.pool, stranger, strangerAccount)).strategyId,
    profileId: await profile(stranger),
  };
  archivedStrategy = (await createDeployment(db.pool, owner, account)).strategyId;
  await db.pool.query('UPDATE strategies SET archived_at = now() WHERE id = $1', [archivedStrategy]);
  caller = {
    userId: owner,
    asUser: (fn) => withUserScope(db.pool, { userId: owner, role: 'operator' }, fn),
  };
  good = {
    name: 'trend',
    strategyId: seeded.strategyId,
    strategyVersion: 1,
    params: { fast: 5, slow: 20, size: 10 },
    symbols: [equity.toLowerCase().replace('nse:', '')],
    timeframe: '15m',
    product: 'INTRADAY',
    capital: 100000,
    brokerAccountId: account,
    riskProfileId: profileId,
  };
});

afterAll(async () => {
  await db?.drop();
});

async function refusal(input: Record<string, unknown>): Promise<string> {
  const before = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deployments');
  const err = await createUserDeployment(caller, input).then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string },
  );
  expect(err, 'refused').toBeDefined();
  expect(err!.code).toBe('VALIDATION_FAILED');
  const after = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deployments');
  expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  return err!.message;
}

describe('deployment validation', () => {
  it('stores a good spec with canonical symbols, exact capital and the template defaults filled in', async () => {
    const created = await createUserDeployment(caller, { ...good, params: { size: 10 } });
    expect(created).toMatchObject({
      symbols: [equity],
      capital: '100000.00',
      params: { fast: 10, slow: 30, size: 10 },
      riskProfileId: profileId,
      status: 'stopped',
    });
  });

  it.each([
    [
      'an unknown symbol',
      { symbols: ['NSE:NOSUCHSYMBOL'] },
      /symbols\[0\]: got "NSE:NOSUCHSYMBOL", expected an instrument in the instrument master/,
    ],
    [
      'a malformed symbol',
      { symbols: ['FOO:BAR'] },
      /symbols\[0\]: got "FOO:BAR", expected an exchange prefix NSE: or BSE:/,
    ],
    ['capital of zero', { capital: 0 }, /capital: got 0, expected an amount greater than 0/],
    ['negative capital', { capital: '-5' }, /capital: got "-5", expected a positive amount in rupees/],
    ['a timeframe outside the list', { timeframe: '2m' }, /timeframe: got "2m", expected one of "1m", "3m"/],
    [
      'an unknown strategy',
      { strategyId: 999999 },
      /strategyId: got 999999, expected one of your saved strategies/,
    ],
    ['a missing version', { strategyVersion: 7 }, /strategyVersion: got 7, expected a saved version/],
    [
      'params the schema refuses',
      { params: { fast: 30, slow: 10 } },
      /params\.fast: got 30, expected a fast period smaller than slow/,
    ],
    [
      'an unknown parameter',
      { params: { colour: 'red' } },
      /params\.colour: got "red", expected a known field/,
    ],
    [
      'a CNC short',
      { product: 'CNC', params: { size: 10, allowShort: true } },
      /params\.allowShort: got true, expected false with product CNC/,
    ],
  ])('refuses %s', async (_what, change, message) => {
    expect(await refusal({ ...good, ...change })).toMatch(message);
  });

  it('refuses a timeframe the stored bars cannot make, naming what is stored', async () => {
    const message = await refusal({ ...good, symbols: [dailyOnly], timeframe: '5m' });
    expect(message).toMatch(/timeframe: got "5m", expected a timeframe the stored bars can make/);
    expect(message).toContain(`NSE:${dailyOnly} has 1d`);
    // 5m bars make 15m and 1d, not 3m.
    expect(
      await refusal({ ...good, symbols: [future], timeframe: '3m', product: 'MARGIN', params: { size: 75 } }),
    ).toMatch(/timeframe: got "3m"/);
  });

  it('refuses a product the instrument does not allow, and a size that is not a lot multiple', async () => {
    expect(await refusal({ ...good, symbols: [future], product: 'CNC', params: { size: 75 } })).toMatch(
      new RegExp(`product: got "CNC", expected INTRADAY or MARGIN for ${future} \\(a future`),
    );
    expect(await refusal({ ...good, product: 'MARGIN' })).toMatch(
      /product: got "MARGIN", expected CNC or INTRADAY/,
    );
    expect(await refusal({ ...good, symbols: [future], params: { size: 100 } })).toMatch(
      new RegExp(
        `params\\.size: got 100, expected a whole number of lots \\(${future} trades in lots of 75\\)`,
      ),
    );
    const ok = await createUserDeployment(caller, {
      ...good,
      name: 'futures',
      symbols: [future],
      timeframe: '15m',
      product: 'MARGIN',
      params: { size: 150 },
    });
    expect(ok.symbols).toEqual([future]);
  });

  it('refuses another user’s account, strategy and risk profile, and an archived strategy', async () => {
    expect(await refusal({ ...good, brokerAccountId: other.accountId })).toMatch(
      /brokerAccountId: got \d+, expected one of your broker accounts/,
    );
    expect(await refusal({ ...good, strategyId: other.strategyId })).toMatch(
      /strategyId: got \d+, expected one of your saved strategies/,
    );
    expect(await refusal({ ...good, riskProfileId: other.profileId })).toMatch(
      /riskProfileId: got \d+, expected one of your risk profiles/,
    );
    expect(await refusal({ ...good, riskProfileId: await profile(owner, true) })).toMatch(/not archived/);
    expect(await refusal({ ...good, strategyId: archivedStrategy })).toMatch(
      /strategyId: got \d+, expected a strategy that is not archived/,
    );
    expect(await refusal({ ...good, mode: 'live' })).toMatch(
      /brokerAccountId: got \d+, expected a broker account \(not paper\)/,
    );
  });

  it('lists every problem at once', async () => {
    const message = await refusal({
      ...good,
      symbols: ['NSE:NOSUCHSYMBOL', future],
      product: 'CNC',
      params: { size: 7 },
    });
    expect(message).toMatch(/symbols\[0\].*product.*params\.size/);
  });

  it('re-checks the whole spec on update, and updates only a stopped deployment', async () => {
    const d = await createUserDeployment(caller, { ...good, name: 'to-update' });
    await expect(updateUserDeployment(caller, d.id, { product: 'MARGIN' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/product: got "MARGIN"/),
    });
    const updated = await updateUserDeployment(caller, d.id, {
      symbols: [future],
      product: 'MARGIN',
      params: { size: 75 },
    });
    expect(updated).toMatchObject({
      symbols: [future],
      product: 'MARGIN',
      params: { fast: 10, slow: 30, size: 75 },
    });
    await commandDeployment(caller, d.id, 'start');
    await expect(updateUserDeployment(caller, d.id, { capital: '5' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(commandDeployment(caller, d.id, 'pause')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('is starting'),
    });
    expect((await commandDeployment(caller, d.id, 'stop')).deployment.status).toBe('stopping');
  });
});
