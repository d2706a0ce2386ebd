// Turns the engine's validation errors (which name spec fields: `params.fast`, `from`, `costs`)
// into usage errors that name the command-line flag the user typed.
import { AppError, type FieldIssue } from '../../core/errors';
import { UsageError } from '../command';

const FLAGS: Record<string, string> = {
  strategy: '--strategy',
  from: '--from',
  to: '--to',
  cash: '--cash',
  costs: '--costs',
  'commission.rate': '--commission',
  'commission.perOrder': '--costs',
  slippage: '--slippage',
  product: '--product',
  riskFreeRate: '--risk-free',
  'instrument.tickSize': '--tick',
  'instrument.lotSize': '--lot',
  timeframe: '--timeframe',
  symbols: '--symbol',
  equityPoints: '--equity-points',
  sweep: '--sweep',
  walkForward: '--walk-forward',
};

function flagFor(path: string): string {
  if (path.startsWith('params.')) return `--param ${path.slice('params.'.length)}`;
  return FLAGS[path] ?? path;
}

function describe(issue: FieldIssue): string {
  const given =
    issue.value === undefined
      ? 'missing'
      : typeof issue.value === 'number'
        ? String(issue.value)
        : JSON.stringify(issue.value);
  return `${flagFor(issue.path)}: got ${given}, expected ${issue.expected}`;
}

/** A UsageError for an `invalid` AppError; anything else is returned unchanged. */
export function asUsageError(err: unknown): unknown {
  // A strategy that failed while running is not a wrong flag (exit 1, its own message).
  if (!(err instanceof AppError) || err.kind !== 'invalid' || err.code === 'STRATEGY_FAILED') return err;
  const issues = err.details?.issues as FieldIssue[] | undefined;
  if (!issues?.length) return new UsageError(err.message);
  return new UsageError(issues.map(describe).join('; '));
}
