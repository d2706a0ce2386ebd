// Market data throughput (issue 4): CSV parse rate, importing a 1M-bar CSV into PostgreSQL
// (target >= 300k bars/s) and loading 1M bars from PostgreSQL into typed arrays (target >= 2M
// bars/s) against a row-per-bar SELECT as the baseline. Starts its own embedded PostgreSQL in a
// temporary directory and stops it at the end. Each figure's notes carry the CPU seconds spent
// by this process and by the PostgreSQL server, and the load average: on a shared machine the
// wall-clock rate says more about the neighbours than about the code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { loadBars } from '../../daemon/src/market/bar-store';
import { parseBarsCsv } from '../../daemon/src/market/csv-bars';
import { importCsv } from '../../daemon/src/market/csv-import';
import { seriesToCsv } from '../../daemon/src/market/csv-write';
import { generateSyntheticBars } from '../../daemon/src/market/synthetic-bars';
import { emit } from './emit';
import { postgresCpuSeconds, postmasterPid } from './market-cpu';

const BARS = 1_000_000;
const log = pino({ level: 'warn' });

interface Sample {
  seconds: number;
  nodeCpu: number;
  pgCpu: number;
}

async function measure(pid: number | undefined, fn: () => Promise<unknown> | unknown): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuSeconds(pid);
  const started = performance.now();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - started) / 1000,
    nodeCpu: (cpu.user + cpu.system) / 1e6,
    pgCpu: postgresCpuSeconds(pid) - pg0,
  };
}

function notes(s: Sample, what: string): string {
  const load = loadavg()[0]!.toFixed(1);
  const pg = Number.isNaN(s.pgCpu) ? '' : ` + ${s.pgCpu.toFixed(2)} s PostgreSQL`;
  return `${what}: ${s.seconds.toFixed(2)} s wall, CPU ${s.nodeCpu.toFixed(2)} s node${pg}, load average ${load} on ${availableParallelism()} cores`;
}

const best = (samples: Sample[]) => samples.reduce((a, b) => (b.seconds < a.seconds ? b : a));

const series = generateSyntheticBars({
  symbol: 'BENCH',
  timeframe: '1m',
  bars: BARS,
  startDate: '2019-01-01',
  seed: 42,
});
const csv = seriesToCsv(series);
console.error(`  generated ${BARS} 1m bars (${(csv.length / 1e6).toFixed(0)} MB of CSV)`);

// Parsing: the 1M-row text and the 200k-row case `backtest --csv` meets; best of 5 (warm).
const small = csv.slice(0, csv.indexOf('\n', Math.floor(csv.length / 5)));
const parses: Sample[] = [];
const smallParses: Sample[] = [];
for (let k = 0; k < 5; k++) {
  parses.push(await measure(undefined, () => parseBarsCsv(csv, { symbol: 'BENCH' })));
  smallParses.push(await measure(undefined, () => parseBarsCsv(small, { symbol: 'BENCH' })));
}
emit({
  bench: 'market.csv-parse',
  metric: 'barsPerSecond',
  value: BARS / best(parses).seconds,
  unit: 'bars/s',
  notes: notes(best(parses), '1M rows, best of 5'),
});
const small200k = best(smallParses).seconds * 1000;
emit({
  bench: 'market.csv-parse-200k',
  metric: 'milliseconds',
  value: small200k,
  unit: 'ms',
  target: '< 100',
  meetsTarget: small200k < 100,
  notes: notes(best(smallParses), '200k rows, best of 5'),
});

async function storeFigures(pool: Pool, pid: number | undefined, file: string) {
  const imported = await measure(pid, () =>
    importCsv(pool, { symbol: 'BENCH', path: file, timeframe: '1m' }),
  );
  const rate = BARS / imported.seconds;
  emit({
    bench: 'market.import-csv',
    metric: 'barsPerSecond',
    value: rate,
    unit: 'bars/s',
    target: '>= 300000',
    meetsTarget: rate >= 300_000,
    notes: notes(imported, '1M-bar CSV file → PostgreSQL (read, parse, check, binary COPY, commit)'),
  });
  const again = await measure(pid, () => importCsv(pool, { symbol: 'BENCH', path: file, timeframe: '1m' }));
  emit({
    bench: 'market.reimport-csv',
    metric: 'barsPerSecond',
    value: BARS / again.seconds,
    unit: 'bars/s',
    notes: notes(again, 'the same file again (diffed against 1M stored bars; nothing to write)'),
  });

  const loads: Sample[] = [];
  for (let k = 0; k < 3; k++) {
    loads.push(
      await measure(pid, async () => {
        const [loaded] = await loadBars(pool, { symbols: ['BENCH'], timeframe: '1m' });
        if (loaded!.length !== BARS) throw new Error(`loaded ${loaded!.length} bars, expected ${BARS}`);
      }),
    );
  }
  const baseline = await measure(pid, () =>
    pool.query(
      `SELECT ts, open, high, low, close, volume FROM bars WHERE timeframe = '1m' ORDER BY instrument_id, ts`,
    ),
  );
  const loadRate = BARS / best(loads).seconds;
  emit({
    bench: 'market.load-bars',
    metric: 'barsPerSecond',
    value: loadRate,
    unit: 'bars/s',
    baseline: { name: 'row-per-bar SELECT via pg', value: BARS / baseline.seconds },
    ratio: loadRate / (BARS / baseline.seconds),
    target: '>= 2000000',
    meetsTarget: loadRate >= 2_000_000,
    notes: notes(best(loads), '1M bars PostgreSQL → typed arrays, best of 3'),
  });
}

const home = mkdtempSync(join(tmpdir(), 'quanttrade-bench-market-'));
const pg = await startEmbeddedPostgres({ home, log });
const pool = createPool({ connectionString: pg.connectionString, log, max: 4 });
try {
  await migrate(pool, join(packageRoot(), 'sql'), log);
  const file = join(home, 'bench-1m.csv');
  writeFileSync(file, csv);
  await storeFigures(pool, await postmasterPid(pool), file);
} finally {
  await pool.end();
  await pg.stop();
  rmSync(home, { recursive: true, force: true });
}
