// End to end: `node bin/quanttrade.js backtest --csv` on a 200k-bar file, process start and CSV
// parsing included (the built CLI; `npm run bench` builds first). Node's own start-up
// (`node -e 0`) is measured in the same run for reference.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSeriesCsv } from '../../test/fixtures/engine/csv';
import { emit } from './emit';
import { loadNote, syntheticSeries } from './engine-data';

const BARS = Number(process.env.BENCH_BARS ?? 200_000);
const RUNS = 7;
const dir = mkdtempSync(join(tmpdir(), 'qt-bench-cli-'));
const file = join(dir, 'SYN.csv');
writeSeriesCsv(file, syntheticSeries(BARS));

function fastest(args: string[]): number {
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
    best = Math.min(best, ms);
  }
  return best;
}

try {
  const node = fastest(['-e', '0']);
  const base = ['bin/quanttrade.js', 'backtest', '--csv', file, '--strategy', 'sma-cross', '--quiet'];
  const cli = fastest(base);
  // The same run writing its whole result (trades, orders, equity) as JSON (issue 15 §4).
  const json = fastest([...base, '--json', join(dir, 'result.json')]);
  emit({
    bench: 'engine.cli-end-to-end',
    metric: 'milliseconds',
    value: cli,
    unit: 'ms',
    baseline: { name: 'node -e 0 (process start alone)', value: node },
    target: '<= 400',
    meetsTarget: cli <= 400,
    notes: `quanttrade backtest --csv (${BARS} bars, sma-cross), fastest of ${RUNS}; ${loadNote()}`,
  });
  emit({
    bench: 'engine.cli-end-to-end-json',
    metric: 'milliseconds',
    value: json,
    unit: 'ms',
    baseline: { name: 'the same run without --json', value: cli },
    target: '<= 450',
    meetsTarget: json <= 450,
    notes: `quanttrade backtest --csv … --json FILE (${BARS} bars, sma-cross: every trade, order and equity point streamed to the file), fastest of ${RUNS}; ${loadNote()}`,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
