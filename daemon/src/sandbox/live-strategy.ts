// The live-mode interface of the sandbox, for the deployment runner: one long-lived strategy
// instance in a sandbox process of its own, called once per bar (or per batch of bars and broker
// events). The engine runs inside with the remote broker port (runtime/live-session.ts): a step
// returns the orders and cancellations the strategy asked for as plain, checked data; the runner
// sends them through the risk gate to the broker and reports what the broker did in the next
// step. A step that breaks a limit kills the instance: the step rejects with STRATEGY_FAILED and
// every later step with the same error — the runner moves the deployment to `error`.
import { AppError } from '../core/errors';
import type { CodeStrategy } from './code-backtest';
import { DEFAULT_LIMITS, heapLimitMb, wallDeadlineMs } from './limits';
import type { SandboxLimits } from './protocol';
import type { StrategyDescription } from './runtime/runtime-entry';
import { checkStepOutput, type CheckedStep } from './live-output-check';
import type { LiveSessionConfig, LiveStepInput } from './runtime/live-session';
import { SandboxProcess } from './sandbox-process';
import { sandboxError } from './strategy-errors';

export type {
  LiveBar,
  LiveEvent,
  LiveOrderIntent,
  LiveSessionConfig,
  LiveStepInput,
} from './runtime/live-session';

export type LiveStepResult = CheckedStep;

/** Live defaults: a bar's decision must come fast; a step is one call's worth of work. */
export const LIVE_LIMITS: SandboxLimits = { cpuMsPerCall: 250, cpuMsPerRun: 1_000, memoryMb: 256 };

let sessions = 0;

function checked(value: unknown): LiveStepResult {
  try {
    return checkStepOutput(value);
  } catch (err) {
    throw new AppError(
      'STRATEGY_FAILED',
      `the strategy's step output could not be read: ${(err as Error).message}`,
    );
  }
}

export class LiveStrategy {
  private failure: AppError | undefined;

  private constructor(
    private readonly process: SandboxProcess,
    private readonly strategy: CodeStrategy,
    private readonly session: number,
    private readonly limits: SandboxLimits,
    /** The strategy's name, parameter schema and defaults. */
    readonly description: StrategyDescription,
    /** The most bars of history any symbol needs before the strategy's first call. */
    readonly warmupBars: number,
  ) {}

  /**
   * Starts a sandbox process and the strategy in it: module loaded, parameters parsed, init run
   * for every symbol, warm-up bars fed. Rejects with STRATEGY_FAILED or VALIDATION_FAILED.
   */
  static async open(
    strategy: CodeStrategy,
    config: LiveSessionConfig,
    limits = LIVE_LIMITS,
  ): Promise<LiveStrategy> {
    const process = await SandboxProcess.start({ heapMb: heapLimitMb(limits) });
    const session = ++sessions;
    try {
      const { value } = await process.request<{ description: StrategyDescription; warmupBars: unknown }>(
        { op: 'live-open', session, code: strategy.compiled.code, config, limits },
        {
          wallTimeoutMs: wallDeadlineMs({
            ...limits,
            cpuMsPerRun: Math.max(limits.cpuMsPerRun, DEFAULT_LIMITS.cpuMsPerCall),
          }),
        },
      );
      const warmupBars = value.warmupBars;
      if (!Number.isSafeInteger(warmupBars) || (warmupBars as number) < 0 || (warmupBars as number) > 1e6)
        throw new AppError('STRATEGY_FAILED', 'the strategy reported an unreadable warm-up');
      return new LiveStrategy(process, strategy, session, limits, value.description, warmupBars as number);
    } catch (err) {
      await process.kill();
      throw sandboxError(err, strategy.compiled, strategy.source);
    }
  }

  /** Set once the instance has failed: every later step rejects with it. */
  get failed(): AppError | undefined {
    return this.failure;
  }

  /** One step: broker events since the last step, then the new bars. */
  async step(input: LiveStepInput): Promise<LiveStepResult> {
    if (this.failure) throw this.failure;
    try {
      const { value } = await this.process.request(
        { op: 'live-step', session: this.session, input },
        { wallTimeoutMs: Math.max(5_000, this.limits.cpuMsPerRun * 5) },
      );
      return checked(value);
    } catch (err) {
      const error = sandboxError(err, this.strategy.compiled, this.strategy.source);
      this.failure = error instanceof AppError ? error : new AppError('INVARIANT_BROKEN', String(error));
      await this.process.kill();
      throw this.failure;
    }
  }

  async close(): Promise<void> {
    await this.process.kill();
  }
}
