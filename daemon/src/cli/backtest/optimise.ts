// `--sweep` and `--walk-forward`: the grid runs on worker threads (one per core) with the bars
// shared between them; results are ranked and printed, and written with --json.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { shareBarSeries, type BarSeries } from '../../core/bar';
import { workerPath } from '../../config/package-root';
import {
  isRankMetric,
  parseSweep,
  parseWalkForward,
  planGrid,
  RANK_METRICS,
  rankResults,
  type BacktestSpec,
  type PlannedPoint,
  type RankMetric,
} from '../../engine/index';
import type { BacktestSummary, BacktestTask } from '../../backtests/backtest.worker';
import { createWorkerPool, type WorkerPool } from '../../jobs/worker-pool';
import { DEFAULT_COST_MODEL, describeCostModel } from '../../costs/index';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';
import { fixed, percent, rupees, table } from './format';
import { progressBar } from './progress';
import { codeValidGrid, sandboxGridPool, type GridPool, type StrategyFile } from './strategy-file';
import { runWalkForward } from './walk-forward-run';

export interface GridRun {
  pool: WorkerPool | GridPool;
  bars: BarSeries[];
  quiet: boolean;
}

/** Runs one backtest per spec on the pool, with a progress bar counting finished runs. */
export async function runGrid(
  run: GridRun,
  specs: BacktestSpec[],
  label: string,
): Promise<BacktestSummary[]> {
  const bar = run.quiet ? undefined : progressBar(label);
  let done = 0;
  const results = await Promise.all(
    specs.map(async (spec) => {
      const task: BacktestTask = { spec, bars: run.bars, detail: 'summary' };
      const summary = await run.pool.run<BacktestSummary>(task);
      bar?.update(++done / specs.length, `${done}/${specs.length} runs`);
      return summary;
    }),
  );
  bar?.done();
  return results;
}

/** The grid's parameter sets that the template accepts (e.g. fast < slow), and how many it refused. */
export function validGrid(
  spec: BacktestSpec,
  options: BacktestOptions,
): { points: PlannedPoint[]; skipped: number } {
  return planGrid(spec.strategy, spec.params ?? {}, options.sweeps.map(parseSweep), { path: 'sweep' });
}

function printRanking(rows: BacktestSummary[], metric: string, top: number): void {
  const head = [
    '#',
    'params',
    metric,
    'return',
    'CAGR',
    'Sharpe',
    'max DD',
    'trades',
    'win rate',
    'final value',
  ];
  const body = rows.slice(0, top).map((r, i) => [
    String(i + 1),
    Object.entries(r.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
    fixed(r.stats[metric as keyof typeof RANK_METRICS], 4),
    percent(r.stats.totalReturn),
    percent(r.stats.cagr),
    fixed(r.stats.sharpe),
    percent(r.stats.maxDrawdown),
    String(r.stats.trades),
    percent(r.stats.winRate, 1),
    rupees(r.stats.finalValue),
  ]);
  console.log(table([head, ...body], [0, 2, 3, 4, 5, 6, 7, 8, 9]));
}

/** The optimisation flags, checked before any bar is loaded; returns the ranking metric. */
export function checkOptimisationOptions(options: BacktestOptions): RankMetric {
  const rank = options.rank;
  if (!isRankMetric(rank)) {
    throw new UsageError(
      `--rank: got ${JSON.stringify(options.rank)}, expected one of ${Object.keys(RANK_METRICS).join(', ')}`,
    );
  }
  if (options.html !== undefined)
    throw new UsageError("--html: writes a single run's report; drop it or --sweep/--walk-forward");
  if (options.sweeps.length === 0)
    throw new UsageError('--walk-forward: needs the grid to optimise, given with --sweep');
  options.sweeps.forEach((s) => parseSweep(s));
  if (options.walkForward !== undefined) parseWalkForward(options.walkForward);
  return rank;
}

/** Runs the sweep or walk-forward (checkOptimisationOptions first). */
export async function runOptimisation(
  options: BacktestOptions,
  spec: BacktestSpec,
  bars: Map<string, BarSeries>,
  file?: StrategyFile,
): Promise<void> {
  const rank = checkOptimisationOptions(options);
  const { points, skipped } = file ? await codeValidGrid(file, spec, options) : validGrid(spec, options);
  if (skipped > 0) console.error(`skipped ${skipped} parameter set(s) that ${spec.strategy} rejects`);
  // Templates run on worker threads sharing the bars; code in sandbox processes (one per worker).
  const shared = file ? [...bars.values()] : [...bars.values()].map(shareBarSeries);
  const pool: WorkerPool | GridPool = file
    ? sandboxGridPool(file, bars, options.workers ?? availableParallelism())
    : createWorkerPool({ file: workerPath('backtest'), size: options.workers });
  try {
    const run: GridRun = { pool, bars: shared, quiet: options.quiet };
    if (options.walkForward !== undefined) {
      await runWalkForward(run, spec, points, options);
      return;
    }
    const specs = points.map((p) => ({ ...spec, params: p.params, equityPoints: 2 }));
    const ranked = rankResults(await runGrid(run, specs, 'sweep'), rank);
    if (options.json !== undefined) {
      const rows = ranked.map((r) => ({ params: r.params, stats: r.stats }));
      writeFileSync(options.json, `${JSON.stringify({ metric: options.rank, runs: rows }, null, 1)}\n`);
    }
    if (!options.quiet)
      console.log(
        `${points.length} parameter sets on ${pool.size} worker(s), ranked by ${options.rank}` +
          ` (cost model ${describeCostModel(spec.costs ?? DEFAULT_COST_MODEL, spec.product ?? 'delivery')}):\n`,
      );
    printRanking(ranked, options.rank, options.top);
  } finally {
    await pool.close();
  }
}
