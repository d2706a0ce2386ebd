// A deployment of user code against the same deployment of the template (issue 16 in paper and
// live): sma-cross written as user code, running in its sandbox, replays stored 1-minute bars
// through the whole live path (the daemon's engine, the ledger, the paper venue) — and the
// built-in sma-cross template does the same on the same bars in this run, as the baseline.
//   runner.code-replay        bars/s of the code deployment at --speed max; ratio to the template
//   runner.code-step          a timestep without an order: p50/p99 for code and for the template
//                             (the difference is the sandbox round trip: bars in, intents out)
// Starts its own embedded PostgreSQL in a temporary directory and stops it at the end.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { roundToTick } from '../../daemon/src/core/money';
import { istTime } from '../../daemon/src/core/time';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import { storeBars } from '../../daemon/src/market/bar-store';
import { StrategyCode } from '../../daemon/src/sandbox/strategy-code';
import { DeploymentRuntime } from '../../daemon/src/trading/runner/deployment-runtime';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { runPaperReplay } from '../../daemon/src/trading/runner/paper-replay';
import { emit, percentile } from './emit';
import { loadNote } from './engine-data';

const log = pino({ level: 'warn' });
const SESSIONS = nseCalendar.sessionsBetween('2025-01-06', '2025-01-24').map((s) => s.date);
const PARAMS = { fast: 20, slow: 60, size: 1 };
const SOURCE = readFileSync(join(packageRoot(), 'daemon/src/strategy-api/examples/sma-cross.ts'), 'utf8');

function walk(seed: number, dates: readonly string[]): Bar[] {
  let x = seed;
  const rnd = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let close = 500;
  const bars: Bar[] = [];
  for (const date of dates)
    for (let m = 0; m < 375; m++) {
      const open = roundToTick(close * (1 + (rnd() - 0.5) * 0.001), 0.05);
      close = roundToTick(open * (1 + (rnd() - 0.5) * 0.004), 0.05);
      const high = Math.max(open, close);
      bars.push({
        time: istTime(date, 9, 15 + m),
        open,
        high,
        low: Math.min(open, close),
        close,
        volume: 1000,
      });
    }
  return bars;
}

interface Replayed {
  seconds: number;
  bars: number;
  orders: number;
  finalValue: number;
  quiet: number[];
}

async function replay(pool: Pool, ownerId: number, code: StrategyCode, asCode: boolean): Promise<Replayed> {
  const symbols = ['CBA', 'CBB'];
  const deployment = await createPaperDeployment(pool, {
    ownerId,
    name: asCode ? 'bench code' : 'bench template',
    ...(asCode
      ? { code: { source: SOURCE, language: 'ts' as const, name: 'sma-cross', paramSchema: {} } }
      : { template: 'sma-cross' }),
    params: PARAMS,
    symbols,
    timeframe: '1m',
    product: 'CNC',
    capital: 100_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  // Each timestep's time, and whether it made an order.
  const quiet: number[] = [];
  const step = DeploymentRuntime.prototype.step;
  DeploymentRuntime.prototype.step = async function (this: DeploymentRuntime, ...args) {
    const before = this.engine.orderLog.length;
    const t0 = performance.now();
    await step.apply(this, args);
    if (this.engine.orderLog.length === before) quiet.push((performance.now() - t0) * 1000);
  };
  const t0 = performance.now();
  try {
    const run = await runPaperReplay({
      pool,
      log,
      deployment,
      from: istTime(SESSIONS[1]!),
      to: istTime(SESSIONS.at(-1)!) + 86_400_000,
      speed: 'max',
      spec: normalizeSpec({ strategy: 'sma-cross', params: PARAMS, cash: 100_000_000 }),
      holder: 'bench',
      code,
    });
    if (run.error) throw run.error;
    return {
      seconds: (performance.now() - t0) / 1000,
      bars: run.result.barsProcessed,
      orders: run.result.orders.length,
      finalValue: run.result.finalValue,
      quiet,
    };
  } finally {
    DeploymentRuntime.prototype.step = step;
  }
}

async function run(pool: Pool): Promise<void> {
  await storeBars(
    pool,
    ['CBA', 'CBB'].map((s, k) => ({
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
  const code = new StrategyCode({ poolSize: 1 });
  try {
    const template = await replay(pool, user, code, false);
    const sandboxed = await replay(pool, user, code, true);
    const rate = sandboxed.bars / sandboxed.seconds;
    const baseline = template.bars / template.seconds;
    emit({
      bench: 'runner.code-replay',
      metric: 'barsPerSecond',
      value: rate,
      unit: 'bars/s',
      baseline: { name: 'the sma-cross template deployed on the same bars, this run', value: baseline },
      ratio: rate / baseline,
      notes: `${sandboxed.bars} bars of 2 symbols through the ledger and the paper venue, ${sandboxed.orders} orders (template ${template.orders}); same final value: ${sandboxed.finalValue === template.finalValue}; ${sandboxed.seconds.toFixed(1)} s vs ${template.seconds.toFixed(1)} s; ${loadNote()}`,
    });
    const p50 = percentile(sandboxed.quiet, 50);
    emit({
      bench: 'runner.code-step',
      metric: 'p50Microseconds',
      value: p50,
      unit: 'us',
      baseline: {
        name: 'the template deployment, the same timesteps',
        value: percentile(template.quiet, 50),
      },
      ratio: p50 / percentile(template.quiet, 50),
      notes: `timesteps without an order: code p50 ${p50.toFixed(0)} µs, p99 ${percentile(sandboxed.quiet, 99).toFixed(0)} µs; template p50 ${percentile(template.quiet, 50).toFixed(0)} µs, p99 ${percentile(template.quiet, 99).toFixed(0)} µs; ${loadNote()}`,
    });
  } finally {
    await code.close();
  }
}

const home = mkdtempSync(join(tmpdir(), 'quanttrade-bench-code-'));
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
