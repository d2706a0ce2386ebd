// Market data throughput (issue 4): CSV parse rate, importing a 1M-bar CSV into PostgreSQL
// (target >= 300k bars/s) and loading 1M bars from PostgreSQL into typed arrays (target >= 2M
// bars/s), against a row-per-bar SELECT as the baseline. Starts its own embedded PostgreSQL
// in a temporary directory and stops it at the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool } from '../../daemon/src/db/pool';
import { loadBars } from '../../daemon/src/market/bar-store';
import { parseBarsCsv } from '../../daemon/src/market/csv-bars';
import { importCsv } from '../../daemon/src/market/csv-import';
import { generateSyntheticBars } from '../../daemon/src/market/synthetic-bars';
import { seriesToCsv } from '../../daemon/src/market/csv-write';
import { emit } from './emit';

const BARS = 1_000_000;
const log = pino({ level: 'warn' });

function best(times: number[]): number {
  return Math.min(...times);
}

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const started = performance.now();
  const result = await fn();
  return [(performance.now() - started) / 1000, result];
}

const series = generateSyntheticBars({
  symbol: 'BENCH',
  timeframe: '1m',
  bars: BARS,
  startDate: '2019-01-01',
  seed: 42,
});
const csv = seriesToCsv(series);
console.error(`  generated ${BARS} 1m bars (${(csv.length / 1e6).toFixed(0)} MB of CSV)`);

// CSV parse: best of a few runs of the 1M-row text, and the 200k-row case `backtest --csv` meets.
const small = csv.slice(0, csv.indexOf('\n', Math.floor(csv.length / 5)));
const parseTimes: number[] = [];
const smallTimes: number[] = [];
for (let k = 0; k < 5; k++) {
  parseTimes.push((await time(() => parseBarsCsv(csv, { symbol: 'BENCH' })))[0]);
  smallTimes.push((await time(() => parseBarsCsv(small, { symbol: 'BENCH' })))[0]);
}
emit({
  bench: 'market.csv-parse',
  metric: 'barsPerSecond',
  value: BARS / best(parseTimes),
  unit: 'bars/s',
  notes: `1M rows, best of 5: ${(best(parseTimes) * 1000).toFixed(0)} ms`,
});
emit({
  bench: 'market.csv-parse-200k',
  metric: 'milliseconds',
  value: best(smallTimes) * 1000,
  unit: 'ms',
  target: '< 100',
  meetsTarget: best(smallTimes) * 1000 < 100,
});

const home = mkdtempSync(join(tmpdir(), 'quanttrade-bench-market-'));
const pg = await startEmbeddedPostgres({ home, log });
const pool = createPool({ connectionString: pg.connectionString, log, max: 4 });
try {
  await migrate(pool, join(packageRoot(), 'sql'), log);
  const file = join(home, 'bench-1m.csv');
  writeFileSync(file, csv);

  const [importSeconds] = await time(() => importCsv(pool, { symbol: 'BENCH', path: file, timeframe: '1m' }));
  emit({
    bench: 'market.import-csv',
    metric: 'barsPerSecond',
    value: BARS / importSeconds,
    unit: 'bars/s',
    target: '>= 300000',
    meetsTarget: BARS / importSeconds >= 300_000,
    notes: `1M-bar CSV file → PostgreSQL (read, parse, binary COPY, commit) in ${importSeconds.toFixed(2)} s`,
  });
  const [reimportSeconds] = await time(() =>
    importCsv(pool, { symbol: 'BENCH', path: file, timeframe: '1m' }),
  );
  emit({
    bench: 'market.reimport-csv',
    metric: 'barsPerSecond',
    value: BARS / reimportSeconds,
    unit: 'bars/s',
    notes: 'the same file again: replaces 1M stored bars',
  });

  const loadTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const [seconds, [loaded]] = await time(() => loadBars(pool, { symbols: ['BENCH'], timeframe: '1m' }));
    if (loaded!.length !== BARS) throw new Error(`loaded ${loaded!.length} bars, expected ${BARS}`);
    loadTimes.push(seconds);
  }
  const [baselineSeconds] = await time(() =>
    pool.query(
      `SELECT ts, open, high, low, close, volume FROM bars WHERE timeframe = '1m' ORDER BY instrument_id, ts`,
    ),
  );
  const loadRate = BARS / best(loadTimes);
  emit({
    bench: 'market.load-bars',
    metric: 'barsPerSecond',
    value: loadRate,
    unit: 'bars/s',
    baseline: { name: 'row-per-bar SELECT via pg', value: BARS / baselineSeconds },
    ratio: loadRate / (BARS / baselineSeconds),
    target: '>= 2000000',
    meetsTarget: loadRate >= 2_000_000,
    notes: `1M bars PostgreSQL → typed arrays, best of 3: ${(best(loadTimes) * 1000).toFixed(0)} ms`,
  });
} finally {
  await pool.end();
  await pg.stop();
  rmSync(home, { recursive: true, force: true });
}
