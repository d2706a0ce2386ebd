// A paper deployment on the live path at scale (issue 10 "Performance"): 500 symbols on 1-minute
// bars from the synthetic feed (one tick per symbol per simulated second), sma-cross, the risk
// gate (default profile), the ledger and the paper venue, for 10 simulated minutes on a clock
// running 10x the wall clock (a minute of wall time plus the start). Starts
// its own embedded PostgreSQL in a temporary directory and stops it at the end.
//   runner.feed-500-cpu      CPU seconds spent per simulated second — the share of one core the
//                            deployment would take live (target < 20 %): this process, and this
//                            process plus the PostgreSQL server's processes in the notes;
//   runner.feed-500-memory   heap growth (after a full GC) from the end of simulated minute 3
//                            to the end of the run (target: none; the first minutes warm caches
//                            and the JIT up).
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { roundToTick } from '../../daemon/src/core/money';
import { istTime } from '../../daemon/src/core/time';
import { createSyntheticFeed, type SyntheticInstrument } from '../../daemon/src/broker/feeds/synthetic-feed';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createLiveRiskGate } from '../../daemon/src/risk-control/live-risk-gate';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { runPaperLive } from '../../daemon/src/trading/runner/paper-live-run';
import { scaledClock } from '../../daemon/src/trading/runner/scaled-clock';
import { emit } from './emit';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const log = pino({ level: 'warn' });
const SYMBOLS = 500;
const MINUTES = 10;
const PARAMS = { fast: 3, slow: 8, size: 1 };
const START = istTime('2025-01-07', 9, 15);
// Simulated seconds per wall second. Not 'max': the event clock jumps ahead while the database
// works, so ticks would outrun the bars; at 10x the run is paced like a live one, compressed.
const SPEED = 10;

function history(seed: number, price: number): Bar[] {
  let x = seed;
  const rnd = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let close = price;
  const bars: Bar[] = [];
  for (let m = 0; m < 60; m++) {
    const open = roundToTick(close * (1 + (rnd() - 0.5) * 0.001), 0.05);
    close = roundToTick(open * (1 + (rnd() - 0.5) * 0.004), 0.05);
    const time = istTime('2025-01-06', 14, 30 + m);
    bars.push({ time, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 });
  }
  return bars;
}

/** CPU seconds of the PostgreSQL server: the postmaster and every process it started. */
function serverCpuSeconds(postmaster: number): number {
  const ticks = (pid: string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
    } catch {
      return undefined;
    }
  };
  let total = ticks(String(postmaster))?.cpu ?? 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const t = ticks(pid);
    if (t?.ppid === postmaster) total += t.cpu;
  }
  return total / 100; // USER_HZ
}

async function postmasterOf(pool: Pool): Promise<number> {
  const backend = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function run(pool: Pool): Promise<void> {
  const universe: SyntheticInstrument[] = Array.from({ length: SYMBOLS }, (_, k) => ({
    symbol: `FS${String(k).padStart(3, '0')}`,
    segment: 'NSE_EQ',
    price: 100 + ((k * 37) % 1900),
    volatility: 0.3,
    tickSize: 0.05,
  }));
  await storeBars(
    pool,
    universe.map((u, k) => ({
      symbol: u.symbol,
      series: barSeriesFromBars(u.symbol, '1m', history(11 + k, u.price)),
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
    name: 'bench feed',
    template: 'sma-cross',
    params: PARAMS,
    symbols: universe.map((u) => u.symbol),
    timeframe: '1m',
    product: 'CNC',
    capital: 1_000_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  const clock = scaledClock(START, SPEED);
  const feed = createSyntheticFeed({ universe, seed: 5, clock });
  const risk = await createLiveRiskGate({ pool, bus: createEventBus({ log }), log });
  const postmaster = await postmasterOf(pool);
  const heap: { minute: number; bytes: number }[] = [];
  let fills = 0;
  let lateMs = 0;
  let closed = 0;
  // Measured between two bar ends, MINUTES simulated minutes apart: the start (warm-up, first
  // subscriptions) and the stop (cancelling working orders) are not the steady state.
  let from: { cpu: NodeJS.CpuUsage; server: number; wall: number; sim: number } | undefined;
  let to: { own: number; server: number; wall: number; sim: number } | undefined;
  try {
    const result = await runPaperLive({
      pool,
      log,
      deployment,
      source: feed,
      clock,
      until: START + (MINUTES + 1) * 60_000 + 5_000,
      spec: normalizeSpec({ strategy: 'sma-cross', params: PARAMS, cash: 1_000_000_000 }),
      risk,
      holder: 'bench',
      observer: { onFill: () => fills++, onClosed: () => closed++ },
      onStep(time, _equity, lateness) {
        lateMs = Math.max(lateMs, lateness);
        const minute = Math.round((time - START) / 60_000) + 1;
        if (minute === 1)
          from = {
            cpu: process.cpuUsage(),
            server: serverCpuSeconds(postmaster),
            wall: performance.now(),
            sim: clock.now(),
          };
        if (minute === 1 + MINUTES && from && !to) {
          const used = process.cpuUsage(from.cpu);
          to = {
            own: (used.user + used.system) / 1e6,
            server: serverCpuSeconds(postmaster) - from.server,
            wall: (performance.now() - from.wall) / 1000,
            sim: (clock.now() - from.sim) / 1000,
          };
        }
        if (minute >= 3 && minute <= 1 + MINUTES) {
          gc();
          heap.push({ minute, bytes: process.memoryUsage().heapUsed });
        }
      },
    });
    if (!to)
      throw new Error(
        `the run ended before simulated minute ${1 + MINUTES} (${result.steps} timesteps; ${result.error?.message ?? 'no error'}; heap samples at ${heap.map((h) => h.minute).join(',')})`,
      );
    const { own, server, wall, sim: simulated } = to;
    const share = own / simulated;
    const orders = result.result.orders.length;
    const conditions = `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
    emit({
      bench: 'runner.feed-500-cpu',
      metric: 'coreShare',
      value: share * 100,
      unit: '%',
      target: '< 20 (issue 10)',
      meetsTarget: share < 0.2,
      notes: `${SYMBOLS} symbols, 1 tick/symbol/s, 1m bars, ${simulated.toFixed(0)} simulated s measured between the ends of minutes 1 and 11: this process ${own.toFixed(2)} CPU s; with the PostgreSQL server ${(((own + server) / simulated) * 100).toFixed(1)} % (${server.toFixed(2)} s); ${result.steps} timesteps, ${orders} orders, ${fills} fills, ${closed} closed (most refused by the default profile's open-position and rate limits: each refusal is stored); wall ${wall.toFixed(1)} s at ${SPEED}x (bars reached the strategy at most ${(lateMs / 1000).toFixed(2)} simulated s after their end); ${conditions}`,
    });
    const first = heap[0];
    const last = heap[heap.length - 1];
    const growth = first && last ? (last.bytes - first.bytes) / 2 ** 20 : NaN;
    emit({
      bench: 'runner.feed-500-memory',
      metric: 'heapGrowthMiB',
      value: growth,
      unit: 'MiB',
      target: 'no growth (issue 10)',
      meetsTarget: Math.abs(growth) < 2,
      notes: `heap after a full GC at the end of each simulated minute from minute 3: ${heap
        .map((h) => `${h.minute}: ${(h.bytes / 2 ** 20).toFixed(1)}`)
        .join(', ')} MiB`,
    });
  } finally {
    risk.close();
    feed.close();
  }
}

const home = mkdtempSync(join(tmpdir(), 'quanttrade-bench-feed-'));
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
