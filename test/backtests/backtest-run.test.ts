// Backtests end to end through the real daemon: tRPC submit → backtests row + pg-boss job in one
// transaction → job runner → worker thread (dist/workers/backtest-run.js) loading bars from the
// bar store → engine → results written once → progress over the WebSocket subscription.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../daemon/src/api/router';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { seedDailyBars, type Seeded } from './support/seed-bars';
import { storeBars } from '../../daemon/src/market/bar-store';
import { formatRupees } from '../../daemon/src/core/money';
import { istTime } from '../../daemon/src/core/time';
import { runBacktest } from '../../daemon/src/engine/index';
import { DAY, randomWalk } from '../fixtures/engine/bars';
import { followProgress, waitForStatus } from './support/backtest-helpers';

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  t = await startTestDaemon();
  bars = await seedDailyBars(t.pool, 'RUNTEST', 2000);
});
afterAll(async () => {
  await t?.stop();
});

const input = () => ({
  template: 'sma-cross',
  params: { fast: 5, slow: 20, size: 10 },
  universe: { symbols: [bars.symbol], timeframe: '1d' },
  from: bars.from,
  to: bars.to,
  cash: 100_000,
  costs: { model: 'india-delivery' as const },
});

type ApiError = TRPCClientError<AppRouter>;

/** The engine's spec for an API run input, for running the engine directly. */
function toEngineSpec(i: ReturnType<typeof input>) {
  const { template: _t, universe: _u, costs: _c, ...rest } = i;
  return { ...rest, params: i.params, costs: 'india-delivery' };
}

describe('backtests.submit → results', () => {
  it('runs a backtest through the queue and a worker thread, streaming progress to the end', async () => {
    const api = t.api('operator');
    const submitted = await api.backtests.submit.mutate(input());
    expect(submitted.id).toBeGreaterThan(0);
    const events = await followProgress(t.client('operator'), submitted.id);
    expect(events[0]!.backtestId).toBe(submitted.id);
    expect(events.at(-1)).toMatchObject({ backtestId: submitted.id, status: 'succeeded', percent: 100 });

    const b = await api.backtests.get.query({ id: submitted.id });
    expect(b).toMatchObject({
      status: 'succeeded',
      kind: 'single',
      attempt: 1,
      barsProcessed: 2000,
      error: null,
    });
    expect(b.startedAt).not.toBeNull();
    expect(b.stats).toMatchObject({ bars: 2000, initialCash: 100_000 });

    const r = await api.backtests.results.query({ id: submitted.id, points: 100, limit: 5 });
    // Ledger amounts are exact decimal strings, as stored in numeric columns.
    expect(r.backtest.finalValue).toMatch(/^-?\d+\.\d{2}$/);
    expect(r.backtest.initialCash).toBe('100000.00');
    expect(Number(r.backtest.finalValue)).toBeCloseTo(b.stats!.finalValue as number, 2);
    expect(r.equity!.time.length).toBeLessThanOrEqual(100);
    expect(r.equity!.time.length).toBeGreaterThan(10);
    // The deepest drawdown of the run survives downsampling.
    expect(Math.max(...r.equity!.drawdown)).toBeCloseTo(b.stats!.maxDrawdown as number, 10);
    expect(r.trades!.total).toBe(b.stats!.trades);
    expect(r.trades!.total).toBeGreaterThan(5);
    expect(r.trades!.items).toHaveLength(5);
    const trade = r.trades!.items[0]!;
    expect(trade).toMatchObject({ seq: 0, symbol: bars.symbol, side: 'long', qty: '10.0000' });
    expect(trade.entryPrice).toMatch(/^\d+\.\d{4}$/);
    expect(trade.netPnl).toMatch(/^-?\d+\.\d{2}$/);
    // Costs are booked: net = gross − costs, to the paisa.
    expect(Math.round((Number(trade.pnl) - Number(trade.costs)) * 100)).toBe(
      Math.round(Number(trade.netPnl) * 100),
    );

    const second = await api.backtests.results.query({ id: submitted.id, offset: 5, limit: 5 });
    expect(second.trades!.items[0]!.seq).toBe(5);
  });

  it('stores each result row once', async () => {
    const { id } = await t.api('operator').backtests.submit.mutate(input());
    await waitForStatus(t.pool, id, ['succeeded']);
    const { rows } = await t.pool.query(
      `SELECT (SELECT count(*)::int FROM backtest_equity WHERE backtest_id = $1) AS equity,
              (SELECT count(*)::int FROM backtest_trades WHERE backtest_id = $1) AS trades,
              (SELECT count(DISTINCT seq)::int FROM backtest_trades WHERE backtest_id = $1) AS seqs,
              (SELECT (stats ->> 'trades')::int FROM backtests WHERE id = $1) AS expected`,
      [id],
    );
    expect(rows[0]).toMatchObject({ equity: 1, trades: rows[0].expected, seqs: rows[0].expected });
  });

  it('answers results of an unfinished run with CONFLICT', async () => {
    const api = t.api('operator');
    const { id } = await api.backtests.submit.mutate({ ...input(), from: '2015-02-01' });
    const err = await api.backtests.results.query({ id }).catch((e: ApiError) => e);
    await waitForStatus(t.pool, id, ['succeeded']);
    // Either it had not finished (CONFLICT) or it had: both are right answers, never a crash.
    if (err instanceof Error) expect(err.data?.code).toBe('CONFLICT');
    expect((await api.backtests.results.query({ id })).backtest.status).toBe('succeeded');
  });
});

describe('instruments from the instrument master', () => {
  it('size a futures run in its lots, as live trading will', async () => {
    // A future as the master loads it: lot 75, tick 0.10, freeze quantity 900; its bars go
    // through the bar store.
    await t.pool.query(
      `INSERT INTO instruments (exchange, segment, kind, symbol, tick_size, lot_size, freeze_qty, source)
       VALUES ('NSE', 'NSE_FNO', 'future', 'LOTFUT', 0.1, 75, 900, 'dhan-master')`,
    );
    const series = randomWalk(300, 11, { symbol: 'LOTFUT', start: istTime('2016-01-01', 9, 15), step: DAY });
    await storeBars(t.pool, [{ symbol: 'LOTFUT', series, source: 'csv' }]);
    const api = t.api('operator');
    const run = (size: number) =>
      api.backtests.submit.mutate({
        ...input(),
        params: { fast: 5, slow: 20, size },
        universe: { symbols: ['LOTFUT'], timeframe: '1d' },
        from: '2016-01-01',
        to: '2016-10-26',
        costs: { model: 'india-futures' as const },
      });
    // 100 is no whole number of lots: the run fails before its first bar, saying why
    const odd = await run(100);
    const failed = await waitForStatus(t.pool, odd.id, ['failed', 'succeeded']);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.error).toContain('params.size: got 100, expected a multiple of the lot size 75');
    const lots = await run(150);
    await waitForStatus(t.pool, lots.id, ['succeeded']);
    const r = await api.backtests.results.query({ id: lots.id, limit: 100 });
    expect(r.trades!.total).toBeGreaterThan(0);
    for (const trade of r.trades!.items) expect(trade.qty).toBe('150.0000');
    // 13 lots is above the freeze quantity: the exchange would refuse every order, so no trade.
    const frozen = await run(975);
    await waitForStatus(t.pool, frozen.id, ['succeeded']);
    const none = await api.backtests.results.query({ id: frozen.id, limit: 100 });
    expect(none.trades!.total).toBe(0);
  });
});

describe('bars cached by the worker threads', () => {
  it('are reloaded when the bar store changes', async () => {
    const api = t.api('operator');
    const symbol = 'CACHETEST';
    await seedDailyBars(t.pool, symbol, 300, { seed: 1 });
    const spec = {
      ...input(),
      universe: { symbols: [symbol], timeframe: '1d' },
      from: '2015-01-01',
      to: '2015-10-27',
    };
    const run = async () => {
      const { id } = await api.backtests.submit.mutate(spec);
      await waitForStatus(t.pool, id, ['succeeded']);
      return (await api.backtests.get.query({ id })).finalValue;
    };
    // Several runs, so that every worker thread has these bars cached.
    const before = [await run(), await run(), await run()];
    expect(new Set(before).size).toBe(1);
    // Re-import the same range with other prices: every thread must see the new bars.
    await seedDailyBars(t.pool, symbol, 300, { seed: 99 });
    const after = [await run(), await run(), await run()];
    expect(new Set(after).size).toBe(1);
    expect(after[0]).not.toBe(before[0]);
    const series = randomWalk(300, 99, {
      symbol,
      timeframe: '1d',
      start: istTime('2015-01-01', 9, 15),
      step: DAY,
    });
    const direct = runBacktest(
      { ...toEngineSpec(spec), strategy: 'sma-cross', symbols: [symbol] },
      new Map([[symbol, series]]),
    );
    expect(after[0]).toBe(formatRupees(direct.finalValue));
  });
});

describe('bad input', () => {
  it('rejects bad parameters with BAD_REQUEST naming the field, the value and the expectation', async () => {
    const err = (await t
      .api('operator')
      .backtests.submit.mutate({ ...input(), params: { fast: 0, slow: 20 } })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('params.fast: got 0, expected a number >= 1');
  });

  it('rejects an unknown parameter with the list of known ones', async () => {
    const err = (await t
      .api('operator')
      .backtests.submit.mutate({ ...input(), params: { fats: 5 } })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/params\.fats: got 5, expected a known field \(fast, slow, size\)/);
  });

  it('names a symbol without bars in the range, and what the store holds', async () => {
    const err = (await t
      .api('operator')
      .backtests.submit.mutate({ ...input(), from: '2030-01-01', to: '2030-06-30' })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(
      /universe\.symbols\[0\]: got "RUNTEST", expected a symbol with 1d bars from 2030-01-01/,
    );
    expect(err.message).toMatch(/the store holds 1d 2015-01-01/);
  });

  it('names an unknown symbol', async () => {
    const err = (await t
      .api('operator')
      .backtests.submit.mutate({ ...input(), universe: { symbols: ['NOSUCH'], timeframe: '1d' } })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/universe\.symbols\[0\]: got "NOSUCH", expected a known instrument/);
  });

  it('writes nothing for a rejected submission', async () => {
    const before = await t.pool.query('SELECT count(*)::int AS n FROM backtests');
    await t
      .api('operator')
      .backtests.submit.mutate({ ...input(), cash: -1 })
      .catch(() => undefined);
    const after = await t.pool.query('SELECT count(*)::int AS n FROM backtests');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('roles', () => {
  it('refuses a viewer: FORBIDDEN, and nothing queued', async () => {
    const err = (await t
      .api('viewer')
      .backtests.submit.mutate(input())
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('FORBIDDEN');
    const err2 = (await t
      .api('viewer')
      .backtests.cancel.mutate({ id: 1 })
      .catch((e: unknown) => e)) as ApiError;
    expect(err2.data?.code).toBe('FORBIDDEN');
  });

  it('lets a viewer read templates', async () => {
    const templates = await t.api('viewer').strategies.templates.query();
    const sma = templates.find((x) => x.name === 'sma-cross')!;
    expect(sma.defaults).toMatchObject({ fast: 10, slow: 30 });
    expect(sma.schema).toMatchObject({ type: 'object' });
    expect(sma.description).toMatch(/SMA/);
  });
});
