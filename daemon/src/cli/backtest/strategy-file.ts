// `--strategy-file`: the user's own strategy, compiled here and run in the strategy sandbox
// (sandbox/strategy-code.ts) — single runs, sweeps and walk-forward folds alike. Compile errors
// are reported as file:line:column, as an editor would show them.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { BarSeries } from '../../core/bar';
import {
  parseSweep,
  planGrid,
  type BacktestSpec,
  type BacktestStats,
  type EquityCurve,
  type PlannedPoint,
} from '../../engine/index';
import { codeParamSpace, schemaParameterNames } from '../../sandbox/code-params';
import type { CodeStrategy } from '../../sandbox/code-backtest';
import { StrategyCode } from '../../sandbox/strategy-code';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';

export interface StrategyFile {
  file: string;
  code: StrategyCode;
  strategy: CodeStrategy;
  close(): Promise<void>;
}

/** Reads and compiles `file`; sandbox processes (one per worker) start at the first run. */
export async function loadStrategyFile(file: string, workers?: number): Promise<StrategyFile> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--strategy-file: got ${JSON.stringify(file)}, expected a readable file (${(err as Error).message})`,
    );
  }
  const language = file.endsWith('.js') || file.endsWith('.mjs') ? 'js' : 'ts';
  const code = new StrategyCode({ poolSize: workers ?? availableParallelism() });
  const { strategy, errors } = await code.compile(source, language);
  if (!strategy) {
    await code.close();
    const lines = errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`);
    throw new UsageError(`--strategy-file: ${file} does not compile:\n${lines.join('\n')}`);
  }
  return { file, code, strategy, close: () => code.close() };
}

/** The grid's parameter sets the code's schema accepts (parsed by it in the sandbox), planned. */
export async function codeValidGrid(
  sf: StrategyFile,
  spec: BacktestSpec,
  options: BacktestOptions,
): Promise<{ points: PlannedPoint[]; skipped: number }> {
  const description = await sf.code.describe(sf.strategy);
  const axes = options.sweeps.map(parseSweep);
  const base = spec.params ?? {};
  const known = schemaParameterNames(description.schema);
  const space = await codeParamSpace(sf.code, sf.strategy, description.name, known, base, axes);
  return planGrid(space, base, axes, { path: 'sweep' });
}

/** What a grid run needs of its pool (jobs/worker-pool.ts for templates; the sandbox for code). */
export interface GridPool {
  readonly size: number;
  run<R>(task: { spec: BacktestSpec; bars: BarSeries[]; detail: 'summary' | 'full' }): Promise<R>;
  close(): Promise<void>;
}

/**
 * Grid runs in sandbox processes: one per worker, each keeping the bars between runs (sent once
 * per process, under one key), and returning the summary a worker thread would.
 */
export function sandboxGridPool(sf: StrategyFile, bars: Map<string, BarSeries>, size: number): GridPool {
  const key = `cli-${process.pid}-${Date.now()}`;
  return {
    size,
    async run<R>(task: { spec: BacktestSpec }): Promise<R> {
      const r = await sf.code.backtest(sf.strategy, task.spec, bars, { barsKey: key });
      const summary: { params: Record<string, unknown>; stats: BacktestStats; curve: EquityCurve } = {
        params: r.params,
        stats: r.stats,
        curve: r.equity,
      };
      return summary as R;
    },
    close: async () => undefined,
  };
}
