// A dry run of user code: a short backtest in the sandbox that reports the first bars onBar saw,
// the first orders it placed (with how they ended), the console lines, and — when it fails — the
// error with the source line, keeping what happened before it. What a user sees right after
// saving (strategies.dryRun, `quanttrade strategy push --dry-run`).
import type { BarSeries } from '../core/bar';
import type { AppError } from '../core/errors';
import { istIsoString } from '../core/time';
import { normalizeSpec } from '../engine/backtest-spec';
import type { CodeStrategy } from './code-backtest';
import { DRY_RUN_LIMITS, wallDeadlineMs } from './limits';
import type { SandboxLimits } from './protocol';
import { dryRunReplySchema } from './reply-check';
import type { LogLine } from './runtime/console-capture';
import type { DryRunRecord } from './runtime/dry-run-recorder';
import type { SandboxPool } from './sandbox-pool';
import { SandboxDied, SandboxRequestFailed } from './sandbox-process';
import { deathFailure, strategyFailure } from './strategy-errors';

export interface DryRunReport {
  ok: boolean;
  bars: (Omit<DryRunRecord['bars'][number], 'time'> & { time: string })[];
  orders: (Omit<DryRunRecord['orders'][number], 'createdTime' | 'fillTime'> & {
    createdTime: string;
    fillTime: string | null;
  })[];
  onBarCalls: number;
  ordersPlaced: number;
  summary: NonNullable<DryRunRecord['summary']> | null;
  logs: { lines: (Omit<LogLine, 'time'> & { time: string | null })[]; dropped: number };
  /** The failure, with the user's line (details.location) — the code of STRATEGY_FAILED. */
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
}

const time = (ms: number) => (Number.isFinite(ms) ? istIsoString(ms) : null);
const num = (x: unknown) => (typeof x === 'number' ? x : NaN);

function report(
  record: DryRunRecord | undefined,
  logs: { lines: LogLine[]; dropped: number } | undefined,
  error: AppError | null,
): DryRunReport {
  const r = record ?? { bars: [], orders: [], onBarCalls: 0, ordersPlaced: 0 };
  return {
    ok: error === null,
    bars: r.bars.slice(0, 200).map((b) => ({ ...b, time: time(num(b.time)) ?? '' })),
    orders: r.orders
      .slice(0, 500)
      .map((o) => ({ ...o, createdTime: time(num(o.createdTime)) ?? '', fillTime: time(num(o.fillTime)) })),
    onBarCalls: num(r.onBarCalls),
    ordersPlaced: num(r.ordersPlaced),
    summary: r.summary ?? null,
    logs: {
      lines: (logs?.lines ?? []).slice(0, 500).map((l) => ({ ...l, time: time(num(l.time)) })),
      dropped: num(logs?.dropped ?? 0),
    },
    error: error && { code: error.code, message: error.message, details: error.details },
  };
}

export async function dryRunStrategy(
  pool: SandboxPool,
  strategy: CodeStrategy,
  spec: unknown,
  bars: ReadonlyMap<string, BarSeries>,
  options: { limits?: SandboxLimits; bars?: number; orders?: number } = {},
): Promise<DryRunReport> {
  const normalized = normalizeSpec(spec);
  const limits = options.limits ?? DRY_RUN_LIMITS;
  const series = (normalized.symbols ?? [...bars.keys()]).flatMap((s) => bars.get(s) ?? []);
  return pool.use(async (process) => {
    try {
      const { value: raw } = await process.request(
        {
          op: 'dry-run',
          code: strategy.compiled.code,
          spec: normalized,
          bars: { key: '', series },
          limits,
          record: { bars: options.bars ?? 20, orders: options.orders ?? 50 },
        },
        { wallTimeoutMs: wallDeadlineMs(limits) },
      );
      const value = dryRunReplySchema.parse(raw);
      const error = value.error
        ? strategyFailure(new SandboxRequestFailed(value.error), strategy.compiled, strategy.source)
        : null;
      return report(value.record as DryRunRecord, value.logs, error);
    } catch (err) {
      if (err instanceof SandboxDied) return report(undefined, undefined, deathFailure(err));
      if (err instanceof SandboxRequestFailed)
        return report(undefined, undefined, strategyFailure(err, strategy.compiled, strategy.source));
      throw err;
    }
  });
}
