// User code as saved strategies, through the API of a real daemon: strategies.create with a source
// (compiled, type-checked, loaded in the sandbox, parameters parsed by the code's own schema),
// strategies.source / validate / dryRun, every save a new version with the source's hash, and
// backtest jobs that run the saved code — with results identical to the template's. A hostile
// strategy fails its backtest with the reason while the daemon stays healthy.
import type { TRPCClientError } from '@trpc/client';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../daemon/src/api/router';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { hostile } from '../sandbox/hostile-strategies';
import { waitForStatus } from './support/backtest-helpers';
import { seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let bars: Seeded;
type ApiError = TRPCClientError<AppRouter>;

const smaCross = readFileSync(join(packageRoot(), 'daemon/src/strategy-api/examples/sma-cross.ts'), 'utf8');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

beforeAll(async () => {
  t = await startTestDaemon();
  bars = await seedDailyBars(t.pool, 'CODETEST', 400, { seed: 11 });
});
afterAll(async () => {
  await t?.stop();
});

const universe = () => ({ symbols: [bars.symbol], timeframe: '1d' });

describe('code strategies through the API', () => {
  it('validate reports type errors with line and column, and a good module with its parameter schema', async () => {
    const api = t.api('operator');
    const bad = await api.strategies.validate.mutate({
      source: smaCross.replace('ctx.buy(ctx.params.size)', "ctx.buy('ten')"),
    });
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatchObject({
      stage: 'types',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(bad.errors[0]!.message).toMatch(/not assignable to parameter of type 'number'/);
    expect(bad.errors[0]!.lineText).toContain("ctx.buy('ten')");
    const good = await api.strategies.validate.mutate({ source: smaCross, typeCheck: false });
    expect(good).toMatchObject({
      ok: true,
      errors: [],
      sourceHash: sha256(smaCross),
      description: { name: 'sma-cross' },
    });
    expect(good.description!.defaults).toEqual({ fast: 10, slow: 30, size: 100 });
    expect(Object.keys((good.description!.schema as { properties: object }).properties)).toEqual([
      'fast',
      'slow',
      'size',
    ]);
    const syntax = await api.strategies.validate.mutate({ source: 'export default {', typeCheck: false });
    expect(syntax.errors[0]).toMatchObject({ stage: 'compile', line: 1 });
  });

  it('saves code as versions with the source hash; backtests run the saved code and match the template', async () => {
    const api = t.api('operator');
    const created = await api.strategies.create.mutate({
      name: 'My SMA',
      source: smaCross,
      params: { fast: 5, slow: 20, size: 10 },
      universe: universe(),
      costs: { model: 'india-delivery' },
    });
    expect(created.current).toMatchObject({
      version: 1,
      template: null,
      params: { fast: 5, slow: 20, size: 10 },
      code: { name: 'sma-cross', sourceHash: sha256(smaCross), language: 'ts' },
    });
    const source = await api.strategies.source.query({ id: created.id });
    expect(source).toMatchObject({ version: 1, source: smaCross, sourceHash: sha256(smaCross) });

    const code = await api.backtests.submit.mutate({ strategyId: created.id, from: bars.from, to: bars.to });
    const template = await api.backtests.submit.mutate({
      template: 'sma-cross',
      params: { fast: 5, slow: 20, size: 10 },
      universe: universe(),
      costs: { model: 'india-delivery' },
      from: bars.from,
      to: bars.to,
    });
    await waitForStatus(t.pool, code.id, ['succeeded', 'failed'], 60_000);
    await waitForStatus(t.pool, template.id, ['succeeded', 'failed'], 60_000);
    const [a, b] = await Promise.all([
      api.backtests.results.query({ id: code.id }),
      api.backtests.results.query({ id: template.id }),
    ]);
    expect(a.backtest.status).toBe('succeeded');
    expect(a.backtest.strategyId).toBe(created.id);
    expect(a.backtest.strategyVersion).toBe(1);
    expect(a.trades!.total).toBeGreaterThan(2);
    expect(a.trades!.items).toEqual(b.trades!.items);
    expect(a.backtest.finalValue).toBe(b.backtest.finalValue);

    const changed = smaCross.replace("name: 'sma-cross'", "name: 'sma-cross-v2'");
    const v2 = await api.strategies.update.mutate({ id: created.id, source: changed });
    expect(v2.latestVersion).toBe(2);
    expect(changed).not.toBe(smaCross);
    expect(v2.current.code).toMatchObject({ sourceHash: sha256(changed), name: 'sma-cross-v2' });
    expect(v2.current.params).toEqual({ fast: 5, slow: 20, size: 10 });
    expect((await api.strategies.source.query({ id: created.id, version: 1 })).source).toBe(smaCross);
    const same = await api.strategies.update.mutate({ id: created.id, source: changed });
    expect(same.latestVersion).toBe(2);
  });

  it('refuses code that does not compile, and parameters its schema rejects, naming line and field', async () => {
    const api = t.api('operator');
    const err = (await api.strategies.create
      .mutate({
        name: 'Broken',
        source: 'import fs from "node:fs";\nexport default fs;',
        universe: universe(),
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(
      /source:1:\d+: got "import fs from \\"node:fs\\";", expected valid code: cannot import 'node:fs'/,
    );
    const params = (await api.strategies.create
      .mutate({ name: 'Bad params', source: smaCross, params: { fast: 40, slow: 20 }, universe: universe() })
      .catch((e: unknown) => e)) as ApiError;
    expect(params.data?.code).toBe('BAD_REQUEST');
    expect(params.message).toMatch(/params\.fast: got 40, expected a fast period smaller than slow/);
  });

  it('dry runs report the first bars, the orders and an error with its source line', async () => {
    const api = t.api('operator');
    const ok = await api.strategies.dryRun.mutate({
      source: smaCross,
      params: { fast: 3, slow: 8, size: 1 },
      symbol: bars.symbol,
      bars: 120,
      from: bars.from,
    });
    expect(ok.error).toBeNull();
    expect(ok.ok).toBe(true);
    expect(ok.bars.length).toBe(20);
    expect(ok.orders.length).toBeGreaterThan(0);
    expect(ok.orders[0]).toMatchObject({ side: 'buy', type: 'market', qty: 1, status: 'filled' });
    expect(ok.summary!.barsProcessed).toBe(120);
    const failing = hostile({
      onBar: `console.log('bar', ctx.index); if (ctx.index === 4) { const missing: any = undefined; missing.x = 1; }`,
    });
    const bad = await api.strategies.dryRun.mutate({
      source: failing,
      symbol: bars.symbol,
      bars: 50,
      from: bars.from,
    });
    expect(bad.ok).toBe(false);
    expect(bad.error!.code).toBe('STRATEGY_FAILED');
    expect(bad.error!.message).toMatch(
      /in onBar \(CODETEST, bar 4, .*\): TypeError: Cannot set properties of undefined/,
    );
    expect((bad.error!.details as { location: { line: number } }).location.line).toBe(
      failing.split('\n').findIndex((l) => l.includes('missing.x')) + 1,
    );
    expect(bad.bars.map((b) => b.index)).toEqual([0, 1, 2, 3, 4]);
    expect(bad.logs.lines.map((l) => l.text)).toEqual(['bar 0', 'bar 1', 'bar 2', 'bar 3', 'bar 4']);
  });

  it('a hostile strategy fails its backtest with the reason; the daemon stays healthy and runs the next', async () => {
    const api = t.api('operator');
    const bomb = await api.strategies.create.mutate({
      name: 'Endless',
      source: hostile({ onBar: `if (ctx.index === 10) for (;;) {}` }),
      universe: universe(),
    });
    const run = await api.backtests.submit.mutate({ strategyId: bomb.id, from: bars.from, to: bars.to });
    const state = await waitForStatus(t.pool, run.id, ['succeeded', 'failed'], 60_000);
    expect(state.status).toBe('failed');
    expect(state.error).toMatch(/its onBar call used more than 1000 ms of CPU time/);
    expect(state.attempt).toBe(1);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    const good = await api.strategies.create.mutate({
      name: 'After',
      source: smaCross,
      params: { size: 1 },
      universe: universe(),
    });
    const next = await api.backtests.submit.mutate({ strategyId: good.id, from: bars.from, to: bars.to });
    expect((await waitForStatus(t.pool, next.id, ['succeeded', 'failed'], 60_000)).status).toBe('succeeded');
  });

  it('sweeps and walk-forward runs of saved code plan from its own schema and run every child', async () => {
    const api = t.api('operator');
    const s = await api.strategies.create.mutate({
      name: 'Swept',
      source: smaCross,
      params: { size: 5 },
      universe: universe(),
    });
    // fast=25 with slow=20 breaks the code's own refine (fast < slow): skipped, not failed.
    const sweep = await api.backtests.sweep.mutate({
      strategyId: s.id,
      from: bars.from,
      to: bars.to,
      grid: { fast: [3, 5, 25], slow: [10, 20] },
      rankBy: 'totalReturn',
    });
    expect((await waitForStatus(t.pool, sweep.id, ['succeeded', 'failed'], 120_000)).status).toBe(
      'succeeded',
    );
    const parent = await api.backtests.get.query({ id: sweep.id });
    expect(parent).toMatchObject({ kind: 'sweep', plan: { runs: 4, skipped: 2 } });
    expect(parent.children).toMatchObject({ succeeded: 4, failed: 0 });
    const ranking = (await api.backtests.results.query({ id: sweep.id, limit: 10 })).ranking!;
    expect(ranking.items.map((c) => JSON.stringify(c.plan.values)).sort()).toEqual(
      ['{"fast":3,"slow":10}', '{"fast":3,"slow":20}', '{"fast":5,"slow":10}', '{"fast":5,"slow":20}'].sort(),
    );
    const bad = (await api.backtests.sweep
      .mutate({ strategyId: s.id, from: bars.from, to: bars.to, grid: { speed: [1, 2] } })
      .catch((e: unknown) => e)) as ApiError;
    expect(bad.message).toMatch(
      /grid\.speed: got \[1,2\], expected a parameter of sma-cross \((fast|size|slow), (fast|size|slow), (fast|size|slow)\)/,
    );

    const wf = await api.backtests.walkForward.mutate({
      strategyId: s.id,
      from: bars.from,
      to: bars.to,
      grid: { fast: [3, 5], slow: [20] },
      train: 150,
      test: 100,
    });
    expect((await waitForStatus(t.pool, wf.id, ['succeeded', 'failed'], 180_000)).status).toBe('succeeded');
    const folds = await api.backtests.get.query({ id: wf.id });
    expect(folds.children?.failed).toBe(0);
    expect(folds.children?.succeeded).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it('other users cannot read the source', async () => {
    const mine = await t
      .api('operator')
      .strategies.create.mutate({ name: 'Private', source: smaCross, universe: universe() });
    const err = (await t
      .api('operator2')
      .strategies.source.query({ id: mine.id })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('NOT_FOUND');
  });
});
