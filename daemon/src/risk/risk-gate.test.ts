// The gate as a whole: trading states moving with the day's P&L, the kill switch, rate denials
// that say when to retry, and state that survives an export and a restore.
import { describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import {
  MORNING,
  codesOf,
  makeOrder,
  makeScope,
  makeSnapshot,
  profile,
} from '../../../test/fixtures/risk/builders';
import type { KillSwitchRef } from './kill-switch';
import { createRiskGate } from './risk-gate';

const LOSS = { dailyLossReduce: 1000, dailyLossHalt: 2000 } as const;
const long100 = { positionQty: 100 };

describe('trading states', () => {
  it('moves ACTIVE → REDUCING → HALTED as the loss grows, and says so once per change', () => {
    const gate = createRiskGate();
    const p = profile(LOSS, { flattenOnHalt: true });
    const at = (pnl: number, t = MORNING) =>
      makeSnapshot({ now: t, deploymentProfile: p, deployment: { dayPnl: pnl } });

    expect(gate.check(makeOrder(), at(-500)).stateChanges).toEqual([]);
    const reducing = gate.check(makeOrder(), at(-1200));
    expect(reducing.allowed).toBe(false);
    expect(reducing.stateChanges).toEqual([
      expect.objectContaining({
        scope: 'deployment',
        scopeId: 7,
        from: 'ACTIVE',
        to: 'REDUCING',
        source: 'rule',
        rule: 'daily_loss',
        flatten: false,
      }),
    ]);
    expect(gate.check(makeOrder(), at(-1300)).stateChanges).toEqual([]);
    const halted = gate.check(makeOrder(), at(-2500));
    expect(halted.stateChanges).toEqual([
      expect.objectContaining({ from: 'REDUCING', to: 'HALTED', flatten: true }),
    ]);
    expect(halted.stateChanges[0]!.reason).toBe("the day's loss ₹2,500 reached dailyLossHalt ₹2,000");
    expect(gate.stateOf('deployment', 7).state).toBe('HALTED');
  });

  it('never steps down during the day when the loss recovers, and resets on the next trading day', () => {
    const gate = createRiskGate();
    const p = profile(LOSS);
    gate.check(makeOrder(), makeSnapshot({ deploymentProfile: p, deployment: { dayPnl: -1500 } }));
    // Recovered to a profit: still REDUCING, so an entry is refused by the state, not the loss rule.
    const later = gate.check(
      makeOrder(),
      makeSnapshot({ now: MORNING + 60_000, deploymentProfile: p, deployment: { dayPnl: 300 } }),
    );
    expect(codesOf(later)).toEqual(['trading_state']);
    const exit = gate.check(
      makeOrder({ side: 'sell' }),
      makeSnapshot({
        now: MORNING + 61_000,
        deploymentProfile: p,
        deployment: { dayPnl: 300, ...long100 },
        account: long100,
      }),
    );
    expect(exit.allowed).toBe(true);
    const nextDay = gate.check(
      makeOrder(),
      makeSnapshot({ now: istTime('2025-01-07', 9, 20), deploymentProfile: p }),
    );
    expect(nextDay.allowed).toBe(true);
    expect(nextDay.stateChanges).toEqual([
      expect.objectContaining({ from: 'REDUCING', to: 'ACTIVE', source: 'new_day' }),
    ]);
  });

  it("an operator's halt holds across days until an operator lifts it", () => {
    const gate = createRiskGate();
    const change = gate.setState('account', 3, 'HALTED', 'user:2', 'broker maintenance', MORNING);
    expect(change).toMatchObject({ from: 'ACTIVE', to: 'HALTED', source: 'operator', by: 'user:2' });
    const v = gate.check(makeOrder(), makeSnapshot({ now: istTime('2025-01-07', 10, 0) }));
    expect(codesOf(v)).toEqual(['trading_state']);
    expect(v.violations[0]!.message).toContain('account 3 is HALTED (broker maintenance)');
    gate.setState('account', 3, 'ACTIVE', 'user:2', 'maintenance over', istTime('2025-01-07', 10, 1));
    expect(gate.check(makeOrder(), makeSnapshot({ now: istTime('2025-01-07', 10, 2) })).allowed).toBe(true);
  });

  it("drawdown is the fall from the day's peak the gate has seen, even while in profit", () => {
    const gate = createRiskGate();
    const p = profile({ drawdownReduce: 1000, drawdownHalt: 3000 });
    const at = (pnl: number, dt: number) =>
      makeSnapshot({ now: MORNING + dt, deploymentProfile: p, deployment: { dayPnl: pnl } });
    expect(gate.check(makeOrder(), at(5000, 0)).allowed).toBe(true);
    expect(gate.check(makeOrder(), at(4001, 1000)).allowed).toBe(true);
    const v = gate.check(makeOrder(), at(4000, 2000));
    expect(codesOf(v)).toEqual(['drawdown']);
    expect(v.violations[0]).toMatchObject({ limitName: 'drawdownReduce', limit: 1000, value: 1000 });
    // Marks between orders move the state too.
    const marks = gate.observe('deployment', makeScope(7, p, { dayPnl: 1500 }), MORNING + 3000);
    expect(marks).toEqual([expect.objectContaining({ to: 'HALTED', rule: 'drawdown' })]);
  });
});

describe('kill switch', () => {
  const sw = (over: Partial<KillSwitchRef>): KillSwitchRef => ({
    id: 1,
    scope: 'global',
    accountId: null,
    deploymentId: null,
    flatten: false,
    engagedBy: 'user:2',
    engagedAt: MORNING,
    reason: 'test',
    ...over,
  });

  it('stops every order it covers, and only those', () => {
    const gate = createRiskGate();
    gate.setKillSwitches([sw({ scope: 'account', accountId: 3 })]);
    const v = gate.check(makeOrder(), makeSnapshot());
    expect(codesOf(v)).toEqual(['kill_switch']);
    expect(v.violations[0]).toMatchObject({ scope: 'account', scopeId: 3 });
    expect(gate.check(makeOrder({ accountId: 4 }), makeSnapshot({ account: { id: 4 } })).allowed).toBe(true);
    gate.setKillSwitches([sw({ scope: 'deployment', accountId: 3, deploymentId: 8 })]);
    expect(gate.check(makeOrder(), makeSnapshot()).allowed).toBe(true);
    gate.setKillSwitches([sw({})]);
    expect(
      codesOf(gate.check(makeOrder({ deploymentId: null }), makeSnapshot({ deploymentProfile: null }))),
    ).toEqual(['kill_switch']);
    gate.setKillSwitches([]);
    expect(gate.check(makeOrder(), makeSnapshot()).allowed).toBe(true);
  });

  it("lets a flatten switch's reducing flatten orders through, nothing else", () => {
    const gate = createRiskGate();
    const held = { deployment: long100, account: long100 };
    gate.setKillSwitches([sw({ flatten: true })]);
    expect(
      gate.check(makeOrder({ side: 'sell', qty: 100, origin: 'flatten' }), makeSnapshot(held)).allowed,
    ).toBe(true);
    expect(
      codesOf(gate.check(makeOrder({ side: 'sell', qty: 101, origin: 'flatten' }), makeSnapshot(held))),
    ).toEqual(['kill_switch']);
    expect(
      codesOf(gate.check(makeOrder({ side: 'sell', qty: 10, origin: 'bracket' }), makeSnapshot(held))),
    ).toEqual(['kill_switch']);
    gate.setKillSwitches([sw({ flatten: false })]);
    expect(
      codesOf(gate.check(makeOrder({ side: 'sell', qty: 100, origin: 'flatten' }), makeSnapshot(held))),
    ).toEqual(['kill_switch']);
  });
});

describe('rates', () => {
  it('a rate denial says when the same order will pass, and it does then', () => {
    const gate = createRiskGate();
    const p = profile({ maxOrdersPerSecond: 2 });
    const at = (t: number) => makeSnapshot({ now: t, deploymentProfile: p });
    expect(gate.check(makeOrder(), at(MORNING)).allowed).toBe(true);
    expect(gate.check(makeOrder(), at(MORNING + 300)).allowed).toBe(true);
    const denied = gate.check(makeOrder(), at(MORNING + 400));
    expect(codesOf(denied)).toEqual(['orders_per_second']);
    expect(denied.retryAfterMs).toBe(600);
    expect(gate.check(makeOrder(), at(MORNING + 999)).allowed).toBe(false);
    expect(gate.check(makeOrder(), at(MORNING + 400 + 600)).allowed).toBe(true);
  });

  it('a denial that is not only a rate limit has no retry time', () => {
    const gate = createRiskGate();
    const p = profile({ maxOrdersPerSecond: 1, maxOrderQty: 5 });
    gate.check(makeOrder({ qty: 1 }), makeSnapshot({ deploymentProfile: p }));
    const v = gate.check(makeOrder({ qty: 6 }), makeSnapshot({ deploymentProfile: p, now: MORNING + 10 }));
    expect(codesOf(v)).toEqual(['max_order_qty', 'orders_per_second']);
    expect(v.retryAfterMs).toBeNull();
  });

  it('the daily count and recent order times survive an export and a restore', () => {
    const p = profile({ maxOrdersPerSecond: 3, maxOrdersPerMinute: 3, maxOrdersPerDay: 3 });
    const first = createRiskGate();
    for (let i = 0; i < 3; i++)
      first.check(makeOrder(), makeSnapshot({ now: MORNING + i * 100, deploymentProfile: p }));
    first.setState('account', 3, 'REDUCING', 'user:2', 'watching', MORNING);
    const saved = JSON.parse(JSON.stringify(first.exportState(MORNING + 300)));

    const second = createRiskGate();
    second.restore(saved);
    const v = second.check(makeOrder(), makeSnapshot({ now: MORNING + 400, deploymentProfile: p }));
    expect(codesOf(v)).toEqual(['orders_per_day', 'orders_per_minute', 'orders_per_second', 'trading_state']);
    expect(second.stateOf('account', 3)).toMatchObject({ state: 'REDUCING', reason: 'watching' });
  });
});

describe('the exchange calendar', () => {
  it('says when it denies because the calendar does not cover the day', () => {
    const v = createRiskGate().check(makeOrder(), makeSnapshot({ now: istTime('2031-01-06', 10, 0) }));
    expect(v.violations[0]!.message).toBe(
      'market_closed: the exchange calendar does not cover 2031-01-06 10:00 IST (holidays unknown): denied (fail closed)',
    );
    expect(
      createRiskGate().check(makeOrder(), makeSnapshot({ now: istTime('2025-03-14', 10, 0) })).violations[0]!
        .message,
    ).toBe('market_closed: no exchange session at 2025-03-14 10:00 IST');
  });
});
