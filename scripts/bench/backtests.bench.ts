// Backtests as jobs, end to end (issue 5): the real daemon process (`quanttrade start`, its own
// embedded PostgreSQL in a temporary directory) and the typed client. 200 small backtests (one
// symbol, 2,000 bars) are submitted at once and run through tRPC → backtests row + pg-boss job →
// worker thread → results. Figures: throughput (target >= 50/s on 2 cores), submit-to-start and
// submit-to-result percentiles in that burst, and submit-to-start on an idle daemon, one run at a
// time (target p50 <= 100 ms). Latencies are the database's own timestamps (queued_at,
// started_at, finished_at), so client and daemon clocks never mix.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createToken } from '../../daemon/src/api/auth/accounts';
import { hashPassword } from '../../daemon/src/api/auth/password';
import { insertUser } from '../../daemon/src/api/auth/users-store';
import { createClient, type QuantTradeClient } from '../../daemon/src/api/client';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { storeBars } from '../../daemon/src/market/bar-store';
import { startBenchDaemon, type BenchDaemon } from './daemon-process';
import { emit, percentile } from './emit';
import { syntheticSeries } from './engine-data';

const RUNS = Number(process.env.BENCH_BACKTESTS ?? 200);
const BARS = 2000;
const IDLE_RUNS = 30;
const IN_FLIGHT = 16;
const log = pino({ level: 'warn' });

/** CPU seconds (user + system) of the processes `pids` and their children, from /proc (Linux). */
function cpuSeconds(pids: Set<number>): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (!pids.has(Number(entry)) && !pids.has(Number(fields[1]))) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return ticks / 100;
}

/** The daemon process: the one whose environment names its home. */
function daemonPid(home: string): number {
  for (const entry of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`QUANTTRADE_HOME=${home}`))
        return Number(entry);
    } catch {
      // Not ours to read, or gone.
    }
  }
  return -1;
}

async function operatorToken(pool: Pool): Promise<string> {
  const user = await insertUser(pool, {
    email: 'bench@example.com',
    role: 'operator',
    passwordHash: await hashPassword('bench'),
  });
  return (await createToken({ pool }, { label: 'system' }, { userId: user.id, name: 'bench' })).token;
}

interface Timing {
  startMs: number;
  resultMs: number;
}

async function timings(pool: Pool, ids: number[]): Promise<Timing[]> {
  const { rows } = await pool.query<{ start: number; result: number }>(
    `SELECT extract(epoch FROM started_at - queued_at) * 1000 AS start,
            extract(epoch FROM finished_at - queued_at) * 1000 AS result
       FROM backtests WHERE id = ANY($1) AND status = 'succeeded'`,
    [ids],
  );
  return rows.map((r) => ({ startMs: Number(r.start), resultMs: Number(r.result) }));
}

async function waitAll(pool: Pool, ids: number[]): Promise<void> {
  for (;;) {
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS open,
              count(*) FILTER (WHERE status IN ('failed', 'cancelled'))::int AS bad,
              min(error) AS error
         FROM backtests WHERE id = ANY($1)`,
      [ids],
    );
    if (rows[0].bad > 0) throw new Error(`${rows[0].bad} backtests did not succeed: ${rows[0].error}`);
    if (rows[0].open === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function submitOne(qt: QuantTradeClient): Promise<number> {
  return qt.api.backtests.submit
    .mutate({
      template: 'sma-cross',
      params: { fast: 10, slow: 30, size: 10 },
      universe: { symbols: ['SYN'], timeframe: '1m' },
      from: '2000-01-01',
      to: '2001-01-01',
    })
    .then((r) => r.id);
}

/**
 * Submits `n` runs with IN_FLIGHT requests open, one client per lane: one client's concurrent
 * calls are batched into one HTTP request, whose URL lists every procedure and outgrows
 * fastify's default parameter length beyond a handful (414; reported).
 */
async function submitMany(clients: QuantTradeClient[], n: number): Promise<number[]> {
  const ids: number[] = [];
  let next = 0;
  const lane = async (qt: QuantTradeClient) => {
    while (next < n) {
      next++;
      ids.push(await submitOne(qt));
    }
  };
  await Promise.all(clients.map(lane));
  return ids;
}

const home = mkdtempSync(join(tmpdir(), 'qt-bench-backtests-'));
// The embedded server runs as the postgres user, which must reach its data directory in here.
chmodSync(home, 0o755);
const pg = await startEmbeddedPostgres({ home: join(home, 'pg'), log });
const pool = createPool({ connectionString: pg.connectionString, log, max: 4 });
let daemon: BenchDaemon | undefined;
try {
  const started = await startBenchDaemon(join(home, 'daemon'), { DATABASE_URL: pg.connectionString });
  daemon = started;
  const token = await operatorToken(pool);
  const lanes = Array.from({ length: IN_FLIGHT }, () => createClient({ url: started.url, token }));
  const qt = lanes[0]!;
  await storeBars(pool, [
    { symbol: 'SYN', series: syntheticSeries(BARS), source: 'synthetic', synthetic: true },
  ]);

  // Warm-up: worker threads started, connections opened, code paths compiled.
  await waitAll(pool, await submitMany(lanes, 10));

  // Idle daemon, one run at a time.
  const idleIds: number[] = [];
  for (let i = 0; i < IDLE_RUNS; i++) {
    const id = await submitOne(qt);
    await waitAll(pool, [id]);
    idleIds.push(id);
  }
  const idle = await timings(pool, idleIds);

  // The burst, with the CPU it costs the daemon (all its threads) and PostgreSQL (all backends).
  const daemonPids = new Set([daemonPid(join(home, 'daemon'))]);
  const pgPids = new Set([
    Number(readFileSync(join(home, 'pg', 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]),
  ]);
  const cpu0 = { daemon: cpuSeconds(daemonPids), pg: cpuSeconds(pgPids), client: process.cpuUsage() };
  const t0 = performance.now();
  const ids = await submitMany(lanes, RUNS);
  const submitted = performance.now();
  await waitAll(pool, ids);
  const seconds = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(cpu0.client);
  const cpu = {
    daemon: cpuSeconds(daemonPids) - cpu0.daemon,
    pg: cpuSeconds(pgPids) - cpu0.pg,
    client: (client.user + client.system) / 1e6,
  };
  const burst = await timings(pool, ids);
  for (const c of lanes) c.close();

  const rate = RUNS / seconds;
  const perRun = (s: number) => ((1000 * s) / RUNS).toFixed(1);
  const notes =
    `${RUNS} backtests of ${BARS} 1m bars (sma-cross), ${IN_FLIGHT} submissions in flight; submitting took ${((submitted - t0) / 1000).toFixed(2)} s; ` +
    `CPU per backtest: daemon ${perRun(cpu.daemon)} ms (all threads), PostgreSQL ${perRun(cpu.pg)} ms, this client ${perRun(cpu.client)} ms ` +
    `(so two otherwise idle cores could serve ${(2000 / Number(perRun(cpu.daemon + cpu.pg))).toFixed(0)}/s); machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
  emit({
    bench: 'backtests.burst',
    metric: 'throughput',
    value: rate,
    unit: 'backtests/s',
    target: '>= 50',
    meetsTarget: rate >= 50,
    notes,
  });
  const idleStart = percentile(
    idle.map((t) => t.startMs),
    50,
  );
  emit({
    bench: 'backtests.idle',
    metric: 'submitToStartP50',
    value: idleStart,
    unit: 'ms',
    target: '<= 100',
    meetsTarget: idleStart <= 100,
    notes: `${IDLE_RUNS} runs one at a time; p95 ${percentile(
      idle.map((t) => t.startMs),
      95,
    ).toFixed(1)} ms; submit-to-result p50 ${percentile(
      idle.map((t) => t.resultMs),
      50,
    ).toFixed(1)} ms`,
  });
  for (const p of [50, 95, 99]) {
    emit({
      bench: 'backtests.burst',
      metric: `submitToStartP${p}`,
      value: percentile(
        burst.map((t) => t.startMs),
        p,
      ),
      unit: 'ms',
    });
    emit({
      bench: 'backtests.burst',
      metric: `submitToResultP${p}`,
      value: percentile(
        burst.map((t) => t.resultMs),
        p,
      ),
      unit: 'ms',
    });
  }
} finally {
  await daemon?.stop();
  await pool.end();
  await pg.stop();
  rmSync(home, { recursive: true, force: true });
}
