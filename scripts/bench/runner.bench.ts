// The deployment runner's live path (issue 10 "Performance", issue 11's gate overhead): a paper
// deployment replaying stored 1-minute bars through the engine, the ledger and the paper venue,
// run without and with the risk gate (createLiveRiskGate, the default profile), alternately, twice
// each (A B B A: drift from other work on the machine falls on both). Starts its own embedded
// PostgreSQL in a temporary directory and stops it at the end.
//   runner.replay-max[-gated]        bars per second through the whole path at --speed max
//                                    (sma-cross ordering on about 1 % of bars), every fill
//                                    booked before the next bar;
//   runner.bar-to-order[-gated]      a timestep that produced an order: bar handed over → the
//                                    order committed (signal, approval, order: one transaction)
//                                    and handed to the venue's place() (p50, p99; target p99
//                                    ≤ 5 ms), against one bare durable INSERT + COMMIT measured
//                                    in the same run;
//   runner.decision-memory[-gated]   the in-memory part of those timesteps: indicators, onBar,
//                                    the order queued to the bridge, and the gate's check (target
//                                    ≤ 50 µs);
//   runner.gate-overhead             the gate's share of the bar-to-order path (target ≤ 5 %).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
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
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { createLiveRiskGate } from '../../daemon/src/risk-control/live-risk-gate';
import { createEventBus } from '../../daemon/src/events/event-bus';
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

const SYMBOLS = ['RBA', 'RBB'];
const PARAMS = { fast: 30, slow: 90, size: 1 };

interface Step {
  ms: number;
  /** Bar handed over → the step's first order at the venue's place() (NaN: no order). */
  handoffMs: number;
  /** Orders the step handed to the venue. */
  orders: number;
  memoryUs: number;
  /** The same in CPU time (what preemption on a shared machine does not inflate). */
  memoryCpuUs: number;
}

interface RunFigures {
  bars: number;
  orders: number;
  seconds: number;
  steps: Step[];
}

async function setup(pool: Pool): Promise<number> {
  await storeBars(
    pool,
    SYMBOLS.map((s, k) => ({
      symbol: s,
      series: barSeriesFromBars(s, '1m', walk(7 + k, SESSIONS)),
      source: 'bench',
    })),
  );
  return (
    await pool.query(
      `INSERT INTO users (email, password_hash, role) VALUES ('bench@local', 'x', 'admin') RETURNING id`,
    )
  ).rows[0].id as number;
}

/** One replay of the range through a new paper deployment; with or without the risk gate. */
async function replay(pool: Pool, user: number, gated: boolean, n: number): Promise<RunFigures> {
  const deployment = await createPaperDeployment(pool, {
    ownerId: user,
    name: `bench ${n}`,
    template: 'sma-cross',
    params: PARAMS,
    symbols: SYMBOLS,
    timeframe: '1m',
    product: 'CNC',
    capital: 100_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  const risk = gated ? await createLiveRiskGate({ pool, bus: createEventBus({ log }), log }) : undefined;
  const steps: Step[] = [];
  let memory = 0;
  let memoryCpu = 0;
  let t0 = 0;
  let placedAt = NaN;
  let placed = 0;
  const step = DeploymentRuntime.prototype.step;
  DeploymentRuntime.prototype.step = async function (this: DeploymentRuntime, ...args) {
    memory = 0;
    memoryCpu = 0;
    placed = 0;
    placedAt = NaN;
    t0 = performance.now();
    await step.apply(this, args);
    steps.push({
      ms: performance.now() - t0,
      handoffMs: placedAt - t0,
      orders: placed,
      memoryUs: memory * 1000,
      memoryCpuUs: memoryCpu,
    });
  };
  const strategyPhase = Engine.prototype.strategyPhase;
  Engine.prototype.strategyPhase = function (this: Engine, s: number) {
    const c = process.cpuUsage();
    const t = performance.now();
    strategyPhase.call(this, s);
    memory += performance.now() - t;
    const used = process.cpuUsage(c);
    memoryCpu += used.user + used.system;
  };
  const place = PaperVenue.prototype.place;
  PaperVenue.prototype.place = function (this: PaperVenue, request) {
    if (Number.isNaN(placedAt)) placedAt = performance.now();
    placed++;
    return place.call(this, request);
  };
  if (risk) {
    const check = risk.check;
    risk.check = (order, snapshot) => {
      const c = process.cpuUsage();
      const t = performance.now();
      const verdict = check(order, snapshot);
      memory += performance.now() - t;
      const used = process.cpuUsage(c);
      memoryCpu += used.user + used.system;
      return verdict;
    };
  }
  const started = performance.now();
  try {
    const result = await runPaperReplay({
      pool,
      log,
      deployment,
      from: istTime(SESSIONS[1]!),
      to: istTime(SESSIONS[SESSIONS.length - 1]!) + 86_400_000,
      speed: 'max',
      spec: normalizeSpec({ strategy: 'sma-cross', params: PARAMS, cash: 100_000_000 }),
      ...(risk ? { risk } : {}),
      holder: 'bench',
    });
    if (result.error) throw result.error;
    return {
      bars: result.result.barsProcessed,
      orders: result.result.orders.length,
      seconds: (performance.now() - started) / 1000,
      steps,
    };
  } finally {
    DeploymentRuntime.prototype.step = step;
    Engine.prototype.strategyPhase = strategyPhase;
    PaperVenue.prototype.place = place;
    risk?.close();
  }
}

/** One durable commit, as the commit path's floor on this machine right now. */
async function bareCommits(pool: Pool): Promise<number[]> {
  await pool.query('CREATE TABLE bench_commit (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz)');
  const ms: number[] = [];
  for (let k = 0; k < 300; k++) {
    const t = performance.now();
    await pool.query('INSERT INTO bench_commit (at) VALUES (clock_timestamp()) RETURNING id');
    ms.push(performance.now() - t);
  }
  return ms;
}

const p = (xs: number[], q: number) => percentile(xs, q);
const fixed = (x: number, d = 3) => x.toFixed(d);

function figures(runs: RunFigures[]) {
  const bars = runs.reduce((a, r) => a + r.bars, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const orders = runs.reduce((a, r) => a + r.orders, 0);
  const ordered = runs.flatMap((r) => r.steps).filter((s) => s.orders > 0 && !Number.isNaN(s.handoffMs));
  const quiet = runs.flatMap((r) => r.steps).filter((s) => s.orders === 0);
  const handoff = ordered.map((s) => s.handoffMs);
  const memory = ordered.map((s) => s.memoryUs);
  const memoryCpu = ordered.map((s) => s.memoryCpuUs);
  return {
    barsPerSecond: bars / seconds,
    bars,
    orders,
    seconds,
    handoff: { p50: p(handoff, 50), p99: p(handoff, 99), n: handoff.length },
    step: {
      p50: p(
        ordered.map((s) => s.ms),
        50,
      ),
      p99: p(
        ordered.map((s) => s.ms),
        99,
      ),
    },
    memory: { p50: p(memory, 50), p99: p(memory, 99) },
    memoryCpu: { p50: p(memoryCpu, 50), p99: p(memoryCpu, 99) },
    quietP50: p(
      quiet.map((s) => s.ms),
      50,
    ),
  };
}

async function run(pool: Pool): Promise<void> {
  const user = await setup(pool);
  const plain: RunFigures[] = [];
  const gated: RunFigures[] = [];
  let n = 0;
  for (const withGate of [false, true, true, false])
    (withGate ? gated : plain).push(await replay(pool, user, withGate, ++n));
  const commit = await bareCommits(pool);
  const base = { p50: p(commit, 50), p99: p(commit, 99) };
  const conditions = `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
  for (const [suffix, runs, other] of [
    ['', plain, undefined],
    ['-gated', gated, plain],
  ] as const) {
    const f = figures(runs);
    const o = other ? figures(other) : undefined;
    const gate = other ? 'with the risk gate (default profile)' : 'no risk gate';
    emit({
      bench: `runner.replay-max${suffix}`,
      metric: 'barsPerSecond',
      value: f.barsPerSecond,
      unit: 'bars/s',
      ...(o
        ? {
            baseline: { name: 'runner.replay-max', value: o.barsPerSecond },
            ratio: f.barsPerSecond / o.barsPerSecond,
          }
        : {}),
      target: '>= 20000 (issue 10)',
      meetsTarget: f.barsPerSecond >= 20_000,
      notes: `${f.bars} bars of ${SYMBOLS.length} symbols in ${runs.length} runs, ${f.orders} orders (${fixed((100 * f.orders) / f.bars, 2)} % of bars), ${gate}; ${fixed(f.seconds, 1)} s; timesteps without orders p50 ${fixed(f.quietP50 * 1000, 1)} µs; ${conditions}`,
    });
    emit({
      bench: `runner.bar-to-order${suffix}`,
      metric: 'p99',
      value: f.handoff.p99,
      unit: 'ms',
      baseline: o
        ? { name: 'runner.bar-to-order p99', value: o.handoff.p99 }
        : { name: 'one bare durable INSERT + COMMIT, p99', value: base.p99 },
      ratio: o ? o.handoff.p99 / f.handoff.p99 : base.p99 / f.handoff.p99,
      target: '<= 5 (issue 10)',
      meetsTarget: f.handoff.p99 <= 5,
      notes: `p50 ${fixed(f.handoff.p50)} ms over ${f.handoff.n} timesteps with an order (bar handed over → signal${other ? ', approval' : ''} and order committed in one transaction, handed to the venue); bare commit p50 ${fixed(base.p50)} ms p99 ${fixed(base.p99)} ms; the whole timestep incl. the venue and the acknowledgement p50 ${fixed(f.step.p50)} ms p99 ${fixed(f.step.p99)} ms; ${gate}; ${conditions}`,
    });
    emit({
      bench: `runner.decision-memory${suffix}`,
      metric: 'p99',
      value: f.memory.p99,
      unit: 'µs',
      ...(o
        ? {
            baseline: { name: 'runner.decision-memory p99', value: o.memory.p99 },
            ratio: o.memory.p99 / f.memory.p99,
          }
        : {}),
      target: '<= 50 (issue 10)',
      meetsTarget: f.memory.p99 <= 50,
      notes: `p50 ${fixed(f.memory.p50, 1)} µs wall; CPU time p50 ${fixed(f.memoryCpu.p50, 0)} µs p99 ${fixed(f.memoryCpu.p99, 0)} µs: indicators, onBar, the order queued to the bridge${other ? " and the gate's check" : ''}; ${gate}`,
    });
    if (o) {
      const overhead = (100 * (f.handoff.p50 - o.handoff.p50)) / o.handoff.p50;
      emit({
        bench: 'runner.gate-overhead',
        metric: 'percentOfBarToOrderP50',
        value: overhead,
        unit: '%',
        baseline: { name: 'runner.bar-to-order p50 without the gate', value: o.handoff.p50 },
        ratio: o.handoff.p50 / f.handoff.p50,
        target: '<= 5 (issue 11)',
        meetsTarget: overhead <= 5,
        notes: `bar-to-order p50 ${fixed(f.handoff.p50)} ms with the gate vs ${fixed(o.handoff.p50)} ms without (the approval row rides in the order's transaction); in memory p50 ${fixed(f.memory.p50, 1)} vs ${fixed(o.memory.p50, 1)} µs wall, ${fixed(f.memoryCpu.p50, 0)} vs ${fixed(o.memoryCpu.p50, 0)} µs CPU; noisy on a shared machine: compare with the bare commit's spread (p50 ${fixed(base.p50)}, p99 ${fixed(base.p99)} ms); ${conditions}`,
      });
    }
  }
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
