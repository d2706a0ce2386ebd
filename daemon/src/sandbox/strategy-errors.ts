// Turns what went wrong in the sandbox into the errors the daemon reports: STRATEGY_FAILED with the
// phase, the bar and the line of the user's source (through the source map) when the strategy
// threw or broke a limit; VALIDATION_FAILED naming the parameter when its parameters do not fit
// the strategy's own schema; VALIDATION_FAILED on the spec when the run itself is wrong.
import { AppError, validationError } from '../core/errors';
import { istIsoString } from '../core/time';
import type { CompiledStrategy } from './compile';
import type { SandboxErrorData } from './protocol';
import { SandboxDied, SandboxRequestFailed, type SandboxDeath } from './sandbox-process';

/** Where in the user's source (1-based), with the line's text. */
export interface SourceLocation {
  line: number;
  column: number;
  lineText?: string;
}

export type StrategyFailureDetails = {
  kind: SandboxErrorData['kind'] | 'limit';
  phase?: string;
  symbol?: string;
  barIndex?: number;
  barTime?: string;
  errorName?: string;
  location?: SourceLocation;
  /** User-code frames of the stack, in the source. */
  stack?: { fn: string; line: number; column: number }[];
  limit?: SandboxDeath['limit'] & { reason: SandboxDeath['reason'] };
};

function located(
  compiled: CompiledStrategy | undefined,
  source: string | undefined,
  line: number,
  column: number,
) {
  const at = compiled?.map.original(line, column);
  if (!at) return undefined;
  return { ...at, lineText: source?.split('\n')[at.line - 1]?.slice(0, 300) };
}

function where(d: SandboxErrorData): string {
  const parts: string[] = [];
  if (d.symbol) parts.push(d.symbol);
  if (d.barIndex !== undefined && d.barIndex >= 0) parts.push(`bar ${d.barIndex}`);
  if (d.barTime !== undefined && Number.isFinite(d.barTime)) parts.push(istIsoString(d.barTime));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

const PHASE_WORDS: Record<string, string> = {
  load: 'while loading the module',
  params: 'while parsing its parameters',
  describe: 'while reading its parameter schema',
  init: 'in init',
  onBar: 'in onBar',
  onOrder: 'in onOrder',
  onTrade: 'in onTrade',
  result: 'while reading its result',
};

/** The error for a failed request; `compiled` and `source` map positions to the user's lines. */
export function strategyFailure(
  err: SandboxRequestFailed,
  compiled?: CompiledStrategy,
  source?: string,
): AppError {
  const d = err.data;
  if (d.kind === 'params' || d.kind === 'spec') {
    const issues = Array.isArray(d.issues) ? d.issues : [];
    return issues.length
      ? validationError(issues, d.kind === 'params' ? 'parameters' : 'backtest spec')
      : new AppError('VALIDATION_FAILED', d.message);
  }
  const location = d.position ? located(compiled, source, d.position.line, d.position.column) : undefined;
  const stack = d.frames
    ?.map((f) => ({ fn: f.fn, ...(compiled?.map.original(f.line, f.column) ?? { line: 0, column: 0 }) }))
    .filter((f) => f.line > 0);
  const phase = PHASE_WORDS[d.phase ?? ''] ?? '';
  const at = location ? ` at line ${location.line}, column ${location.column}` : '';
  const text = location?.lineText ? `: ${location.lineText.trim()}` : '';
  const message =
    d.kind === 'shape' || d.kind === 'load'
      ? `the strategy module cannot be used: ${d.message}${at}`
      : `the strategy failed ${phase}${where(d)}: ${d.name}: ${d.message}${at}${text}`;
  const details: StrategyFailureDetails = {
    kind: d.kind,
    phase: d.phase,
    symbol: d.symbol,
    barIndex: d.barIndex,
    barTime: d.barTime !== undefined && Number.isFinite(d.barTime) ? istIsoString(d.barTime) : undefined,
    errorName: d.name,
    location,
    stack,
  };
  return new AppError('STRATEGY_FAILED', message, details);
}

/** The error for a sandbox process that died under a request: a limit, or a fault of its own. */
export function deathFailure(err: SandboxDied): AppError {
  const { death } = err;
  // A process that sends garbage is a fault of ours; one that dies under a strategy's request
  // (a V8 abort other than the heap limit) was most likely brought down by that strategy.
  if (death.reason === 'protocol')
    return new AppError('INVARIANT_BROKEN', `the strategy sandbox failed: ${death.message}`, {
      reason: death.reason,
    });
  if (death.reason === 'crash')
    return new AppError('STRATEGY_FAILED', `the sandbox running the strategy stopped: ${death.message}`, {
      kind: 'limit',
      limit: { reason: 'crash' },
    });
  const details: StrategyFailureDetails = {
    kind: 'limit',
    phase: death.limit?.phase,
    limit: { ...(death.limit ?? { limit: 'cpu-run', allowed: 0, used: 0, phase: '' }), reason: death.reason },
  };
  return new AppError('STRATEGY_FAILED', `the strategy was stopped: ${death.message}`, details);
}

/** Any error from a sandbox request, as the daemon reports it. */
export function sandboxError(err: unknown, compiled?: CompiledStrategy, source?: string): unknown {
  if (err instanceof SandboxRequestFailed) return strategyFailure(err, compiled, source);
  if (err instanceof SandboxDied) return deathFailure(err);
  return err;
}
