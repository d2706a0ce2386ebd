// risk.* over the real API: roles (viewers read, operators change their own, admins release the
// global switch), row-level security between operators, bad input named, and the live stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskEvent } from '../../daemon/src/api/routers/risk';
import { insertViolations } from '../../daemon/src/risk-control/verdict-recorder';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { seedTradingRows, type TradingRows } from '../support/trading-rows';

let t: TestDaemon;
let mine: TradingRows;
let theirs: TradingRows;

async function code(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { data?: { code?: string } }) => err.data?.code,
  );
}

beforeAll(async () => {
  t = await startTestDaemon();
  mine = await seedTradingRows(t.pool, { userId: t.users.operator.id });
  theirs = await seedTradingRows(t.pool, { userId: t.users.operator2.id, symbol: 'OTHER' });
});
afterAll(() => t?.stop());

describe('risk profiles over the API', () => {
  it('viewers read the catalogue but change nothing; operators manage their own profiles', async () => {
    const catalogue = await t.api('viewer').risk.catalogue.query();
    expect(Object.keys(catalogue.rules)).toContain('max_order_value');
    expect(catalogue.presets.moderate.limits.priceCollarPercent).toBe(5);
    expect(await code(t.api('viewer').risk.profiles.create.mutate({ name: 'x', profile: 'moderate' }))).toBe(
      'FORBIDDEN',
    );

    const created = await t.api('operator').risk.profiles.create.mutate({
      name: 'desk',
      profile: { extends: 'conservative', limits: { maxOrderQty: 50 } },
    });
    expect(created).toMatchObject({
      ownerId: t.users.operator.id,
      latestVersion: 1,
      document: { limits: { maxOrderQty: 50 } },
    });
    const updated = await t
      .api('operator')
      .risk.profiles.update.mutate({ id: created.id, profile: 'moderate' });
    expect(updated.latestVersion).toBe(2);
    expect(
      (await t.api('operator').risk.profiles.get.query({ id: created.id })).versions.map((v) => v.version),
    ).toEqual([2, 1]);

    expect(await t.api('operator2').risk.profiles.list.query()).toEqual([]);
    expect(await code(t.api('operator2').risk.profiles.get.query({ id: created.id }))).toBe('NOT_FOUND');
    expect(
      await code(t.api('operator2').risk.profiles.update.mutate({ id: created.id, name: 'mine now' })),
    ).toBe('NOT_FOUND');
    expect((await t.api('admin').risk.profiles.list.query()).map((p) => p.id)).toContain(created.id);
    expect(
      await code(
        t.api('operator').risk.profiles.create.mutate({
          name: 'theirs',
          profile: 'moderate',
          ownerId: t.users.operator2.id,
        }),
      ),
    ).toBe('FORBIDDEN');

    await t.api('operator').risk.assign.mutate({ accountId: mine.accountId, profileId: created.id });
    expect(
      await code(
        t.api('operator2').risk.assign.mutate({ accountId: theirs.accountId, profileId: created.id }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('refuses a bad profile with every problem in one BAD_REQUEST', async () => {
    const err = await t
      .api('operator')
      .risk.profiles.create.mutate({
        name: 'bad',
        profile: { limits: { maxOrderQty: 0 }, soft: { maxGross: 1 } },
      })
      .catch((e: { data?: { code?: string }; message: string }) => e);
    expect(err).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    expect((err as Error).message).toMatch(
      /limits\.maxOrderQty: got 0, expected a number > 0; soft\.maxGross: got 1, expected a known soft limit name/,
    );
    expect((err as Error).message).toContain('limits.maxOrderValue: got missing, expected a limit (money');
  });
});

describe('kill switch over the API', () => {
  it('operators engage; the global one only an admin releases; viewers only look', async () => {
    expect(
      await code(
        t
          .api('viewer')
          .risk.killSwitch.engage.mutate({ target: { scope: 'global' }, flatten: false, reason: '' }),
      ),
    ).toBe('FORBIDDEN');
    const account = await t.api('operator').risk.killSwitch.engage.mutate({
      target: { scope: 'account', accountId: mine.accountId },
      flatten: true,
      reason: 'test',
    });
    expect(account).toMatchObject({
      created: true,
      killSwitch: { scope: 'account', accountId: mine.accountId, flatten: true },
    });
    expect(
      await code(
        t.api('operator2').risk.killSwitch.engage.mutate({
          target: { scope: 'account', accountId: mine.accountId },
          flatten: false,
          reason: '',
        }),
      ),
    ).toBe('NOT_FOUND');
    const global = await t
      .api('operator')
      .risk.killSwitch.engage.mutate({ target: { scope: 'global' }, flatten: false, reason: 'drill' });

    const seenByViewer = await t.api('viewer').risk.killSwitch.status.query();
    expect(seenByViewer.engaged.map((s) => s.scope)).toEqual(['global']);
    expect(
      await code(t.api('operator').risk.killSwitch.release.mutate({ id: global.killSwitch.id, reason: '' })),
    ).toBe('FORBIDDEN');
    expect(
      await code(
        t.api('operator2').risk.killSwitch.release.mutate({ id: account.killSwitch.id, reason: '' }),
      ),
    ).toBe('NOT_FOUND');
    await t.api('operator').risk.killSwitch.release.mutate({
      target: { scope: 'account', accountId: mine.accountId },
      reason: 'done',
    });
    await t
      .api('admin')
      .risk.killSwitch.release.mutate({ target: { scope: 'global' }, reason: 'drill over' });
    expect((await t.api('viewer').risk.killSwitch.status.query()).engaged).toEqual([]);
  });

  it('streams the kill switch to its owner and admins, not to another operator', async () => {
    const collect = (who: 'operator' | 'operator2' | 'admin') => {
      const got: RiskEvent[] = [];
      const sub = t
        .api(who)
        .risk.events.subscribe({ types: ['risk.kill_switch'] }, { onData: (e) => got.push(e) });
      return { got, stop: () => sub.unsubscribe() };
    };
    const owner = collect('operator');
    const stranger = collect('operator2');
    const admin = collect('admin');
    const target = { scope: 'deployment' as const, deploymentId: mine.deploymentId };
    const actions = (s: { got: RiskEvent[] }) => s.got.map((e) => (e.payload as { action: string }).action);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Subscriptions start asynchronously and an engage while engaged is a no-op (no event): until
    // both the owner's and the admin's streams have seen an engage, release and engage again.
    const start = Date.now();
    for (;;) {
      await t.api('operator').risk.killSwitch.engage.mutate({ target, flatten: false, reason: '' });
      const wait = Date.now() + 1_000;
      const seen = () => actions(owner).includes('engaged') && actions(admin).includes('engaged');
      while (!seen() && Date.now() < wait) await sleep(50);
      if (seen()) break;
      if (Date.now() - start > 15_000) throw new Error('no risk.kill_switch event');
      await t.api('operator').risk.killSwitch.release.mutate({ target, reason: '' });
    }
    await t.api('operator').risk.killSwitch.release.mutate({ target, reason: '' });
    const until = Date.now() + 15_000;
    while (
      (actions(admin).at(-1) !== 'released' || actions(owner).at(-1) !== 'released') &&
      Date.now() < until
    )
      await sleep(50);
    for (const s of [owner, stranger, admin]) s.stop();
    expect(owner.got.find((e) => (e.payload as { action: string }).action === 'engaged')).toMatchObject({
      type: 'risk.kill_switch',
      payload: { action: 'engaged', scope: 'deployment', deploymentId: mine.deploymentId },
    });
    expect(actions(owner).slice(-2)).toEqual(['engaged', 'released']);
    expect(actions(admin).slice(-2)).toEqual(['engaged', 'released']);
    expect(stranger.got).toEqual([]);
  });
});

describe('states, violations, calculator, portfolio', () => {
  it('an operator halts their deployment; another cannot; everyone reads only theirs', async () => {
    await t.api('operator').risk.setState.mutate({
      scope: 'deployment',
      scopeId: mine.deploymentId,
      state: 'HALTED',
      reason: 'check fills',
    });
    expect(
      await code(
        t.api('operator2').risk.setState.mutate({
          scope: 'deployment',
          scopeId: mine.deploymentId,
          state: 'ACTIVE',
          reason: 'x',
        }),
      ),
    ).toBe('NOT_FOUND');
    const state = await t
      .api('operator')
      .risk.state.query({ scope: 'deployment', scopeId: mine.deploymentId });
    expect(state.states).toMatchObject([{ state: 'HALTED', source: 'operator', reason: 'check fills' }]);
    expect(state.changes[0]).toMatchObject({
      from: 'ACTIVE',
      to: 'HALTED',
      by: expect.stringMatching(/^token:\d+$/),
    });
    expect((await t.api('operator2').risk.state.query()).states).toEqual([]);
  });

  it('filters violations, and shows each user only theirs', async () => {
    const ctx = { ownerId: t.users.operator.id, accountId: mine.accountId, deploymentId: mine.deploymentId };
    const v = {
      scope: 'deployment' as const,
      scopeId: mine.deploymentId,
      limitName: 'maxOrderQty',
      limit: 10,
      value: 11,
      message: 'max_order_qty: …',
      profile: null,
    };
    await insertViolations(t.pool, { severity: 'deny', violations: [{ ...v, code: 'max_order_qty' }], ctx });
    await insertViolations(t.pool, {
      severity: 'warning',
      violations: [{ ...v, code: 'max_leverage' }],
      ctx,
    });
    expect(
      (await t.api('operator').risk.violations.query({ rule: 'max_order_qty' })).map((r) => [
        r.rule,
        r.severity,
        r.limit,
        r.value,
      ]),
    ).toEqual([['max_order_qty', 'deny', '10', '11']]);
    expect(
      (
        await t
          .api('operator')
          .risk.violations.query({ severity: 'warning', deploymentId: mine.deploymentId })
      ).map((r) => r.rule),
    ).toEqual(['max_leverage']);
    expect(await t.api('operator').risk.violations.query({ from: '2999-01-01' })).toEqual([]);
    expect(await t.api('operator2').risk.violations.query()).toEqual([]);
    expect(await code(t.api('operator').risk.violations.query({ from: 'yesterday' }))).toBe('BAD_REQUEST');
  });

  it('sizes a position and names bad input', async () => {
    expect(
      await t.api('viewer').risk.calculator.query({
        side: 'buy',
        capital: 1_000_000,
        riskPercent: 1,
        entryPrice: 500,
        stopPrice: 490,
      }),
    ).toMatchObject({
      qty: 1000,
      riskAtStop: 10_000,
      limitedBy: 'risk',
    });
    const err = await t
      .api('viewer')
      .risk.calculator.query({
        side: 'buy',
        capital: 1_000_000,
        riskPercent: 1,
        entryPrice: 500,
        stopPrice: 510,
      })
      .catch((e: Error & { data?: { code?: string } }) => e);
    expect(err).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    expect((err as Error).message).toContain(
      'stopPrice: got 510, expected a price below the entry 500 for a buy',
    );
    // Subnormal inputs (the fuzz suite's find) are refused by name, not overflowed into a 500.
    const tiny = await t
      .api('viewer')
      .risk.calculator.query({
        side: 'buy',
        capital: 1_000_000,
        riskPercent: 7.4e-323,
        entryPrice: 6.9e-258,
        atr: 3.5e-323,
      })
      .catch((e: Error & { data?: { code?: string } }) => e);
    expect(tiny).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    expect((tiny as Error).message).toMatch(/riskPercent: got 7\.4e-323/);
    expect((tiny as Error).message).toMatch(/entryPrice: got 6\.9e-258/);
  });

  it('has no portfolio snapshot before the first scan, and records funds for the owner only', async () => {
    expect(await t.api('operator').risk.portfolio.query({ accountId: mine.accountId })).toEqual({
      latest: null,
      series: [],
    });
    await t.api('operator').risk.setFunds.mutate({ accountId: mine.accountId, capital: 500_000 });
    expect(
      await code(t.api('operator2').risk.setFunds.mutate({ accountId: mine.accountId, capital: 1 })),
    ).toBe('NOT_FOUND');
    const { rows } = await t.pool.query(
      'SELECT capital FROM risk_account_funds WHERE broker_account_id = $1',
      [mine.accountId],
    );
    expect(rows).toEqual([{ capital: '500000.00' }]);
  });
});
