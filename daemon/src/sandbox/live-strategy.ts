// The live-mode interface of the sandbox, for the deployment runner: one long-lived strategy
// instance in a sandbox process of its own, called once per bar (or per batch of bars and broker
// events). The engine runs inside with the remote broker port (runtime/live-session.ts): a step
// returns the orders and cancellations the strategy asked for as plain, checked data; the runner
// sends them through the risk gate to the broker and reports what the broker did in the next
// step. A step that breaks a limit kills the instance: the step rejects with STRATEGY_FAILED and
// every later step with the same error — the runner moves the deployment to `error`.
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { CodeStrategy } from './code-backtest';
import { DEFAULT_LIMITS, heapLimitMb, wallDeadlineMs } from './limits';
import type { SandboxLimits } from './protocol';
import type { StrategyDescription } from './runtime/runtime-entry';
import type { LiveSessionConfig, LiveStepInput, LiveStepOutput } from './runtime/live-session';
import type { LogLine } from './runtime/console-capture';
import { SandboxProcess } from './sandbox-process';
import { sandboxError } from './strategy-errors';

export type {
  LiveBar,
  LiveEvent,
  LiveOrderIntent,
  LiveSessionConfig,
  LiveStepInput,
} from './runtime/live-session';

export interface LiveStepResult extends LiveStepOutput {
  logs: { lines: LogLine[]; dropped: number };
}

/** Live defaults: a bar's decision must come fast; a step is one call's worth of work. */
export const LIVE_LIMITS: SandboxLimits = { cpuMsPerCall: 250, cpuMsPerRun: 1_000, memoryMb: 256 };

const num = z.custom<number>((v) => typeof v === 'number', 'a number');
const nullableNum = num.nullable();
const logsSchema = z.object({
  lines: z
    .array(
      z.object({
        level: z.enum(['debug', 'info', 'warn', 'error']),
        text: z.string().max(2000),
        phase: z.string().max(40),
        time: num,
      }),
    )
    .max(1000),
  dropped: z.number().int().min(0),
});
const stepSchema = z.object({
  orders: z
    .array(
      z.object({
        id: z.number().int().positive(),
        symbol: z.string().max(200),
        side: z.enum(['buy', 'sell']),
        type: z.enum(['market', 'limit', 'stop', 'stop-limit', 'trailing-stop']),
        qty: num,
        limitPrice: nullableNum,
        stopPrice: nullableNum,
        trail: z.union([z.object({ amount: num }), z.object({ percent: num })]).nullable(),
        tag: z.string().max(200).nullable(),
        parentId: z.number().int().nullable(),
        ocoId: z.number().int().nullable(),
        createdTime: num,
      }),
    )
    .max(20_000),
  cancels: z.array(z.object({ orderId: z.number().int(), reason: z.string().max(40) })).max(20_000),
  ignored: z.array(num).max(100_000),
  positions: z.array(z.object({ symbol: z.string().max(200), qty: num, avgPrice: nullableNum })).max(1000),
  logs: logsSchema,
});

let sessions = 0;

export class LiveStrategy {
  private failure: AppError | undefined;

  private constructor(
    private readonly process: SandboxProcess,
    private readonly strategy: CodeStrategy,
    private readonly session: number,
    private readonly limits: SandboxLimits,
    /** The strategy's name, parameter schema and defaults. */
    readonly description: StrategyDescription,
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
      const { value } = await process.request<{ description: StrategyDescription }>(
        { op: 'live-open', session, code: strategy.compiled.code, config, limits },
        {
          wallTimeoutMs: wallDeadlineMs({
            ...limits,
            cpuMsPerRun: Math.max(limits.cpuMsPerRun, DEFAULT_LIMITS.cpuMsPerCall),
          }),
        },
      );
      return new LiveStrategy(process, strategy, session, limits, value.description);
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
      const parsed = stepSchema.safeParse(value);
      if (!parsed.success)
        throw new AppError(
          'STRATEGY_FAILED',
          `the strategy's step output could not be read: ${parsed.error.message.slice(0, 300)}`,
        );
      return parsed.data as LiveStepResult;
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
