// A backtest of user code: the spec checked here, the run — bar loop, broker, portfolio, the
// strategy — inside a sandbox process, the result checked and handed back as the engine's
// BacktestResult, so everything downstream (result writer, CLI report, sweep ranking) treats it
// like a template's. A strategy that throws or breaks a limit fails the run with STRATEGY_FAILED.
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import { normalizeSpec } from '../engine/backtest-spec';
import type { BacktestResult } from '../engine/result';
import type { CompiledStrategy } from './compile';
import { DEFAULT_LIMITS, wallDeadlineMs } from './limits';
import type { BarsRef, SandboxLimits } from './protocol';
import { backtestResultFromReply } from './reply-check';
import type { SandboxPool } from './sandbox-pool';
import { sandboxError } from './strategy-errors';

export interface CodeBacktestOptions {
  limits?: SandboxLimits;
  onProgress?(fraction: number, bars: number): void;
  /** Aborting kills the run's process: the run fails with CANCELLED. */
  signal?: AbortSignal;
  /**
   * Names the bars for reuse: a process that already holds bars under this key gets only the key
   * (sweeps run many children on the same bars). The key must change when the bars do.
   */
  barsKey?: string;
}

/** The user's source, compiled, for error positions. */
export interface CodeStrategy {
  compiled: CompiledStrategy;
  source: string;
}

function pickSeries(spec: { symbols?: string[] }, bars: ReadonlyMap<string, BarSeries>): BarSeries[] {
  const symbols = spec.symbols ?? [...bars.keys()];
  return symbols.map((s) => bars.get(s)).filter((s): s is BarSeries => s !== undefined);
}

/** The reply as a BacktestResult; a result of the wrong shape is the strategy's failure. */
function resultOrError(value: unknown): BacktestResult {
  try {
    return backtestResultFromReply(value);
  } catch (err) {
    throw new AppError(
      'STRATEGY_FAILED',
      `the strategy's result could not be read: ${(err as Error).message.slice(0, 500)}`,
      {
        kind: 'result',
      },
    );
  }
}

export async function runCodeBacktest(
  pool: SandboxPool,
  strategy: CodeStrategy,
  spec: unknown,
  bars: ReadonlyMap<string, BarSeries>,
  options: CodeBacktestOptions = {},
): Promise<BacktestResult> {
  const normalized = normalizeSpec(spec);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const series = pickSeries(normalized, bars);
  const key = options.barsKey;
  return pool.use(
    async (process) => {
      const ref: BarsRef =
        key !== undefined && process.barsKey === key
          ? { key }
          : { key: key ?? '', series, keep: key !== undefined };
      if (ref.series) process.barsKey = key;
      const abort = () => void process.kill({ reason: 'crash', message: 'cancelled' });
      if (options.signal?.aborted) throw new AppError('CANCELLED', 'backtest cancelled before it started');
      options.signal?.addEventListener('abort', abort, { once: true });
      try {
        const { value } = await process.request(
          { op: 'backtest', code: strategy.compiled.code, spec: normalized, bars: ref, limits },
          { wallTimeoutMs: wallDeadlineMs(limits), onProgress: options.onProgress },
        );
        return resultOrError(value);
      } catch (err) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'backtest cancelled');
        throw sandboxError(err, strategy.compiled, strategy.source);
      } finally {
        options.signal?.removeEventListener('abort', abort);
      }
    },
    key === undefined ? undefined : (p) => p.barsKey === key,
  );
}
