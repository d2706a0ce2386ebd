// Deployments of user code (issue 16 §2 in paper and live): the strategy runs in its sandbox and
// its orders take the template's path — signal row, risk gate, ledger outbox, paper venue — with
// fills and order events flowing back into it. Replay parity with the backtest of the same code
// in the sandbox; a strategy that throws, loops, exhausts memory or forges an order id moves only
// its own deployment to `error` with the reason stored; and a create naming an unknown or broken
// version is refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../daemon/src/core/errors';
import { istTime } from '../../daemon/src/core/time';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { sourceHash } from '../../daemon/src/sandbox/compile';
import {
  createUserDeployment,
  type DeploymentCaller,
} from '../../daemon/src/trading/deployments/deployment-service';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import type { BacktestResult } from '../../daemon/src/engine/result';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { loadBacktestBars } from '../../daemon/src/market/bar-store';
import { findInstruments, masterInstrument } from '../../daemon/src/market/instrument-store';
import { createLiveRiskGate, type LiveRiskGate } from '../../daemon/src/risk-control/live-risk-gate';
import { withTransaction, type PoolClient } from '../../daemon/src/db/pool';
import { assignRiskProfile, createRiskProfile } from '../../daemon/src/risk-control/profile-service';
import { SYSTEM_ACTOR } from '../../daemon/src/risk-control/risk-actor';
import { StrategyCode } from '../../daemon/src/sandbox/strategy-code';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { runPaperReplay } from '../../daemon/src/trading/runner/paper-replay';
import { warmupLookbackMs } from '../../daemon/src/trading/runner/warm-up';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { exampleSource } from '../sandbox/support';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const SYMBOLS = ['CODA', 'CODB'];
const DATES = ['2025-01-06', '2025-01-07', '2025-01-08'];
const FROM = istTime('2025-01-07', 9, 15);
const TO = istTime('2025-01-09', 0, 0);
const SMA = exampleSource('sma-cross');
const PARAMS = { fast: 5, slow: 20, size: 25 };

let db: TestDatabase;
let ownerId: number;
let risk: LiveRiskGate;
const code = new StrategyCode({ poolSize: 1 });
beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await createUser(db.pool, 'admin');
  await storeSessions(db.pool, SYMBOLS, DATES, 77);
  risk = await createLiveRiskGate({
    pool: db.pool,
    bus: createEventBus({ log: testLogger() }),
    log: testLogger(),
  });
});
afterAll(async () => {
  risk?.close();
  await code.close();
  await db?.drop();
});

/** The backtest of the same code, bars and parameters, in the sandbox. */
async function backtestOf(product: 'delivery' | 'intraday', warmupBars: number) {
  const series = await loadBacktestBars(db.pool, {
    symbols: SYMBOLS,
    timeframe: '1m',
    from: FROM - warmupLookbackMs('1m', warmupBars),
    to: TO,
  });
  const stored = await findInstruments(db.pool, SYMBOLS);
  const spec = {
    strategy: 'my-sma',
    params: PARAMS,
    symbols: SYMBOLS,
    from: FROM,
    to: TO,
    warmupBars,
    cash: 1_000_000,
    costs: 'india',
    product,
    instruments: Object.fromEntries(stored.map((s) => [s.symbol, masterInstrument(s)])),
  };
  const strategy = await code.require(SMA, 'ts');
  const bars = new Map(SYMBOLS.map((s, i) => [s, series[i]!]));
  return { spec, result: await code.backtest(strategy, spec, bars) };
}

async function codeDeployment(name: string, source: string, product: 'CNC' | 'INTRADAY') {
  const deployment = await createPaperDeployment(db.pool, {
    ownerId,
    name,
    code: { source, language: 'ts', name, paramSchema: {} },
    params: PARAMS,
    symbols: SYMBOLS,
    timeframe: '1m',
    product,
    capital: 1_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  if (product === 'INTRADAY') {
    // Entries until the 15:20 square-off, as the backtester takes them (replay-parity.test.ts).
    const run = <T>(fn: (c: PoolClient) => Promise<T>) => withTransaction(db.pool, fn);
    const profile = await createRiskProfile({ run }, SYSTEM_ACTOR, {
      ownerId,
      name: `code ${deployment.id}`,
      profile: { extends: 'aggressive', limits: {} },
    });
    await assignRiskProfile({ run }, SYSTEM_ACTOR, { accountId: deployment.brokerAccountId }, profile.id);
  }
  return deployment;
}

function replay(deployment: Awaited<ReturnType<typeof codeDeployment>>, spec: unknown) {
  return runPaperReplay({
    pool: db.pool,
    log: testLogger(),
    deployment,
    from: FROM,
    to: TO,
    speed: 'max',
    spec: normalizeSpec(spec),
    risk,
    holder: `code-${process.pid}`,
    code,
  });
}

const orderFacts = (r: BacktestResult) =>
  r.orders
    .toArray()
    .filter((o) => o.status === 'filled' || o.status === 'rejected' || o.status === 'cancelled')
    .map((o) => ({
      symbol: o.symbol,
      createdTime: o.createdTime,
      time: o.status === 'rejected' ? null : o.time,
      side: o.side,
      qty: o.qty,
      filledQty: o.filledQty,
      price: o.price,
      costs: o.costs,
      status: o.status,
      reason: o.status === 'rejected' ? 'rejected' : o.reason,
      tag: o.tag,
    }));

describe('a user code strategy deployed in paper mode', () => {
  for (const [product, engineProduct] of [
    ['CNC', 'delivery'],
    ['INTRADAY', 'intraday'],
  ] as const) {
    it(`${product}: trades exactly as the backtest of the same code; every order went through the ledger`, async () => {
      const back = await backtestOf(engineProduct, 20);
      const deployment = await codeDeployment(`code parity ${product}`, SMA, product);
      const paper = await replay(deployment, back.spec);
      expect(paper.error).toBeUndefined();
      expect(paper.deployment.status).toBe('stopped');

      const refused = await db.pool.query<{ reason: string; time: Date }>(
        `SELECT status_reason AS reason, bar_time AS time FROM signals
          WHERE deployment_id = $1 AND status = 'rejected' ORDER BY bar_time`,
        [deployment.id],
      );
      const backRejected = back.result.orders.toArray().filter((o) => o.status === 'rejected');
      expect(refused.rows.map((r) => ({ reason: r.reason, time: r.time.getTime() }))).toEqual(
        backRejected.map((o) => ({ reason: o.reason, time: o.createdTime })),
      );
      const trades = back.result.trades.toArray();
      expect(trades.length).toBeGreaterThan(5);
      expect(paper.result.trades.toArray()).toEqual(trades);
      expect(orderFacts(paper.result)).toEqual(orderFacts(back.result));
      expect(paper.result.finalValue).toBe(back.result.finalValue);
      expect(paper.result.cash).toBe(back.result.cash);
      expect(paper.result.stats.costs).toEqual(back.result.stats.costs);
      if (product === 'INTRADAY')
        expect(
          trades.some((t) =>
            paper.result.orders.toArray().some((o) => o.tag === 'square-off' && o.time === t.exitTime),
          ),
        ).toBe(true);

      // Every engine order is a signal row and a ledger order of this deployment's session, with
      // the strategy version recorded; fills at the engine's prices and charges.
      const orders = await db.pool.query<{ client_order_id: string; strategy_version: number }>(
        `SELECT o.client_order_id, s.strategy_version FROM orders o JOIN signals s ON s.id = o.signal_id
          WHERE o.deployment_id = $1 ORDER BY o.id`,
        [deployment.id],
      );
      const sent = paper.result.orders.toArray().filter((o) => o.status !== 'rejected');
      expect(orders.rows.length).toBe(sent.length);
      expect(orders.rows.every((r) => r.strategy_version === 1)).toBe(true);
      expect(orders.rows.every((r) => r.client_order_id.startsWith(`d${deployment.id}-`))).toBe(true);
      const filled = paper.result.orders.toArray().filter((o) => o.filledQty > 0);
      const { rows } = await db.pool.query<{ price: string; costs: string; qty: number }>(
        `SELECT price::text, costs::text, qty FROM fills WHERE deployment_id = $1 ORDER BY filled_at, id`,
        [deployment.id],
      );
      const sorted = [...filled].sort((a, b) => a.time - b.time || a.id - b.id);
      expect(rows.length).toBe(sorted.length);
      rows.forEach((r, i) => {
        expect(Number(r.price)).toBe(sorted[i]!.price);
        expect(Number(r.costs)).toBeCloseTo(sorted[i]!.costs, 6);
        expect(r.qty).toBe(sorted[i]!.filledQty);
      });
    }, 180_000);
  }
});

/** sma-cross, with `failure` run on the 150th bar the strategy sees (after some trading). */
function hostileSma(failure: string): string {
  return SMA.replace(
    'onBar(ctx, { cross }) {',
    `onBar(ctx, state) {
    const { cross } = state;
    const s = state as { seen?: number };
    s.seen = (s.seen ?? 0) + 1;
    if (s.seen === 150) {
      ${failure}
    }`,
  );
}

const HOSTILE = [
  {
    name: 'throws',
    source: hostileSma("throw new Error('the strategy broke on purpose');"),
    error: /the strategy broke on purpose/,
  },
  { name: 'loops', source: hostileSma('for (;;) {}'), error: /CPU time/ },
  {
    name: 'exhausts memory',
    // 64 MiB filled buffers: the memory limit (256 MiB) trips within a few, long before the
    // 250 ms CPU limit (an array filled element by element may reach the CPU limit first).
    source: hostileSma(
      'const keep: Float64Array[] = []; for (;;) keep.push(new Float64Array(1 << 23).fill(1.5));',
    ),
    error: /memory|Array buffer allocation failed/i,
  },
  {
    // Its own engine's order, changed before it leaves the sandbox: another deployment's id.
    name: 'forges a client order id',
    source: hostileSma("const o = ctx.buy(ctx.params.size); (o as any).clientOrderId = 'd999999-1-1';"),
    error: /client order id that is not this session's next/,
  },
];

describe('a user strategy that fails', () => {
  it('moves only its own deployment to error, with the reason stored; another deployment goes on', async () => {
    const back = await backtestOf('delivery', 20);
    const good = await codeDeployment('code good', SMA, 'CNC');
    const bad = await Promise.all(HOSTILE.map((h) => codeDeployment(`code ${h.name}`, h.source, 'CNC')));
    const runs = await Promise.all([good, ...bad].map((d) => replay(d, back.spec)));
    const [ok, ...failed] = runs;
    expect(ok!.error).toBeUndefined();
    expect(ok!.deployment.status).toBe('stopped');
    expect(ok!.result.trades.toArray()).toEqual(back.result.trades.toArray());
    HOSTILE.forEach((h, i) => {
      const run = failed[i]!;
      expect(run.deployment.status, h.name).toBe('error');
      expect(run.deployment.error, h.name).toMatch(h.error);
    });
    // What they did before failing went through the ledger and stays booked; nothing after.
    for (const d of bad) {
      const { rows } = await db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1',
        [d.id],
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
      const events = await db.pool.query<{ to_status: string }>(
        `SELECT to_status FROM deployment_events WHERE deployment_id = $1 ORDER BY id`,
        [d.id],
      );
      expect(events.rows.at(-1)!.to_status).toBe('error');
    }
    const forged = await db.pool.query(`SELECT id FROM orders WHERE client_order_id = 'd999999-1-1'`);
    expect(forged.rows).toEqual([]);
  }, 180_000);
});

describe('creating a deployment of user code', () => {
  it('checks the code version and its parameters in the sandbox; refusals name the field', async () => {
    const saved = await codeDeployment('code saved', SMA, 'CNC');
    const caller: DeploymentCaller = {
      userId: ownerId,
      asUser: (fn) => withUserScope(db.pool, { userId: ownerId, role: 'operator' }, fn),
      code,
    };
    const spec = {
      name: 'code via api',
      strategyId: saved.strategyId,
      strategyVersion: 1,
      params: { fast: 8 },
      symbols: SYMBOLS,
      timeframe: '1m',
      product: 'CNC',
      capital: 500000,
      brokerAccountId: saved.brokerAccountId,
    };
    const created = await createUserDeployment(caller, spec);
    // Stored with the code's own defaults filled in (parsed by its schema in the sandbox).
    expect(created.params).toEqual({ fast: 8, slow: 30, size: 100 });

    // A version whose stored source does not compile (written around the API).
    const broken = 'export default defineStrategy({ name: "x", onBar(ctx) { ctx.buy( } });';
    await db.pool.query(
      `INSERT INTO strategy_versions (strategy_id, version, owner_id, params, universe, source, source_hash,
         language, code_name, param_schema)
       VALUES ($1, 2, $2, '{}', '{"symbols":[]}', $3, $4, 'ts', 'x', '{}')`,
      [saved.strategyId, ownerId, broken, sourceHash(broken)],
    );
    const refused = async (changes: Record<string, unknown>) => {
      const before = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deployments');
      const err = await createUserDeployment(caller, { ...spec, name: `x${Math.random()}`, ...changes }).then(
        () => undefined,
        (e: unknown) => e as AppError,
      );
      expect(err?.code).toBe('VALIDATION_FAILED');
      const after = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deployments');
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
      return err!.message;
    };
    expect(await refused({ strategyVersion: 2 })).toMatch(
      /strategyVersion: got 2, expected a version whose source compiles \(source line 1, column \d+/,
    );
    expect(await refused({ strategyVersion: 7 })).toMatch(/strategyVersion: got 7, expected a saved version/);
    expect(await refused({ strategyId: 987654 })).toMatch(
      /strategyId: got 987654, expected one of your saved/,
    );
    expect(await refused({ params: { fast: 40, slow: 20 } })).toMatch(
      /params\.fast: got 40, expected a fast period smaller than slow/,
    );
  }, 60_000);
});
