// The deployment runner's live path (issue 10 "Performance"): a paper deployment replaying
// stored 1-minute bars through the engine, the risk gate, the ledger and the paper venue.
// Starts its own embedded PostgreSQL in a temporary directory and stops it at the end.
//   runner.replay-max        bars per second through the whole path at --speed max (sma-cross
//                            placing orders on about 1 % of bars), every fill booked before the
//                            next bar;
//   runner.bar-to-order      a timestep that produced an order: bar handed over → order
//                            committed, sent and acknowledged (p50, p99; target p99 ≤ 5 ms);
//   runner.decision-memory   the in-memory part of those timesteps: indicators, onBar and the
//                            order handed to the bridge (p50, p99; target ≤ 50 µs).
// Not measured yet: 500 symbols on the synthetic feed (CPU share, memory).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { roundToTick } from '../../daemon/src/core/money';
import { istTime } from '../../daemon/src/core/time';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import { Engine } from '../../daemon/src/engine/engine';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { runPaperReplay } from '../../daemon/src/trading/runner/paper-replay';
import { DeploymentRuntime } from '../../daemon/src/trading/runner/deployment-runtime';
import { emit, percentile } from './emit';

const log = pino({ level: 'warn' });
const SESSIONS = nseCalendar.sessionsBetween('2025-01-06', '2025-02-14').map((s) => s.date);

function walk(seed: number, dates: readonly string[]): Bar[] {
  let x = seed;
  const rnd = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let close = 500;
  const bars: Bar[] = [];
  for (const date of dates)
    for (let m = 0; m < 375; m++) {
      const open = roundToTick(close * (1 + (rnd() - 0.5) * 0.001), 0.05);
      close = roundToTick(open * (1 + (rnd() - 0.5) * 0.004), 0.05);
      bars.push({
        time: istTime(String(date), 9, 15 + m),
        open,
        high: Math.max(open, close),
        low: Math.min(open, close),
        close,
        volume: 1000,
      });
    }
  return bars;
}

async function run(pool: Pool): Promise<void> {
  const symbols = ['RBA', 'RBB'];
  await storeBars(
    pool,
    symbols.map((s, k) => ({
      symbol: s,
      series: barSeriesFromBars(s, '1m', walk(7 + k, SESSIONS)),
      source: 'bench',
    })),
  );
  const user = (
    await pool.query(
      `INSERT INTO users (email, password_hash, role) VALUES ('bench@local', 'x', 'admin') RETURNING id`,
    )
  ).rows[0].id as number;
  const deployment = await createPaperDeployment(pool, {
    ownerId: user,
    name: 'bench',
    template: 'sma-cross',
    params: { fast: 20, slow: 60, size: 1 },
    symbols,
    timeframe: '1m',
    product: 'CNC',
    capital: 100_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  // Time each timestep, and the engine's in-memory part of it.
  const steps: { ms: number; orders: number; memoryMs: number }[] = [];
  const step = DeploymentRuntime.prototype.step;
  let memory = 0;
  DeploymentRuntime.prototype.step = async function (this: DeploymentRuntime, ...args) {
    const before = this.engine.orderLog.length;
    memory = 0;
    const t0 = performance.now();
    await step.apply(this, args);
    steps.push({
      ms: performance.now() - t0,
      orders: this.engine.orderLog.length - before,
      memoryMs: memory,
    });
  };
  const endStep = Engine.prototype.endStep;
  const strategyPhase = Engine.prototype.strategyPhase;
  Engine.prototype.strategyPhase = function (this: Engine, s: number) {
    const t0 = performance.now();
    strategyPhase.call(this, s);
    memory += performance.now() - t0;
  };
  const from = istTime(SESSIONS[1]!);
  const to = istTime(SESSIONS[SESSIONS.length - 1]!) + 86_400_000;
  const t0 = performance.now();
  const result = await runPaperReplay({
    pool,
    log,
    deployment,
    from,
    to,
    speed: 'max',
    spec: normalizeSpec({
      strategy: 'sma-cross',
      params: { fast: 20, slow: 60, size: 1 },
      cash: 100_000_000,
    }),
    holder: 'bench',
  });
  const seconds = (performance.now() - t0) / 1000;
  DeploymentRuntime.prototype.step = step;
  Engine.prototype.strategyPhase = strategyPhase;
  void endStep;
  const bars = result.result.barsProcessed;
  const orders = result.result.orders.length;
  emit({
    bench: 'runner.replay-max',
    metric: 'barsPerSecond',
    value: bars / seconds,
    unit: 'bars/s',
    target: '>= 20000 (issue 10)',
    meetsTarget: bars / seconds >= 20_000,
    notes: `${bars} bars of 2 symbols, ${orders} orders (${((100 * orders) / bars).toFixed(2)} % of bars), no risk gate; ${seconds.toFixed(1)} s`,
  });
  const ordered = steps.filter((s) => s.orders > 0);
  const p = (xs: number[], q: number) => percentile(xs, q);
  emit({
    bench: 'runner.bar-to-order',
    metric: 'p99',
    value: p(
      ordered.map((s) => s.ms),
      99,
    ),
    unit: 'ms',
    target: '<= 5 (issue 10)',
    meetsTarget:
      p(
        ordered.map((s) => s.ms),
        99,
      ) <= 5,
    notes: `p50 ${p(
      ordered.map((s) => s.ms),
      50,
    ).toFixed(
      3,
    )} ms over ${ordered.length} timesteps with an order (bar handed over → committed, sent, acknowledged); timesteps without orders p50 ${p(
      steps.filter((s) => s.orders === 0).map((s) => s.ms),
      50,
    ).toFixed(3)} ms`,
  });
  emit({
    bench: 'runner.decision-memory',
    metric: 'p99',
    value: p(
      ordered.map((s) => s.memoryMs * 1000),
      99,
    ),
    unit: 'µs',
    target: '<= 50 (issue 10)',
    meetsTarget:
      p(
        ordered.map((s) => s.memoryMs * 1000),
        99,
      ) <= 50,
    notes: `p50 ${p(
      ordered.map((s) => s.memoryMs * 1000),
      50,
    ).toFixed(1)} µs: indicators, onBar and the order queued to the bridge`,
  });
}

const home = mkdtempSync(join(tmpdir(), 'quanttrade-bench-runner-'));
const pg = await startEmbeddedPostgres({ home, log });
const pool = createPool({ connectionString: pg.connectionString, log, max: 6 });
try {
  await migrate(pool, join(packageRoot(), 'sql'), log);
  await run(pool);
} finally {
  await pool.end();
  await pg.stop();
  rmSync(home, { recursive: true, force: true });
}
