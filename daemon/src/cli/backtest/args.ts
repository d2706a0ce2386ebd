// `quanttrade backtest` flags (parsed by the command framework) → a typed options object. Every
// bad value is a UsageError naming the flag, the value given and what was expected (exit code 2).
import { DEFAULT_COST_MODEL } from '../../costs/index';
import { UsageError, type OptionValues } from '../command';
import type { BACKTEST_OPTIONS } from './usage';

export interface BacktestOptions {
  csv?: string;
  strategy?: string;
  /** A strategy of the user's own, as a TypeScript or JavaScript file (run in the sandbox). */
  strategyFile?: string;
  params: Record<string, unknown>;
  from?: string;
  to?: string;
  /** Bars before --from fed to the indicators without trading. */
  warmupBars: number;
  cash: number;
  costs: string;
  slippage: string;
  product: string;
  tickSize?: number;
  lotSize?: number;
  riskFreeRate: number;
  symbol?: string;
  timeframe?: string;
  timezone?: 'IST' | 'UTC';
  dateFormat?: string;
  json?: string;
  html?: string;
  equityPoints: number;
  sweeps: string[];
  rank: string;
  top: number;
  walkForward?: string;
  workers?: number;
  quiet: boolean;
  listStrategies: boolean;
}

function bad(flag: string, value: unknown, expected: string): UsageError {
  return new UsageError(`--${flag}: got ${JSON.stringify(value)}, expected ${expected}`);
}

function number(
  flag: string,
  text: string | undefined,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw bad(flag, text, expected);
  return n;
}

/** `key=value` → [key, value]; numbers and booleans are converted, everything else stays text. */
export function parseParam(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw bad('param', text, 'key=value, e.g. --param fast=10');
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  const n = Number(raw);
  return [key, raw !== '' && Number.isFinite(n) ? n : raw];
}

function costsOf(commission: string | undefined, costs: string | undefined): string {
  if (commission === undefined) return costs ?? DEFAULT_COST_MODEL;
  if (costs !== undefined && costs !== 'none') {
    throw new UsageError(`--commission and --costs ${costs} both set a cost model; use one of them`);
  }
  number(
    'commission',
    commission,
    (n) => n >= 0 && n < 1,
    'a fraction of traded value in [0, 1), e.g. 0.001 for 0.1 %',
  );
  return `percent:${commission}`;
}

function timezoneOf(text: string | undefined): 'IST' | 'UTC' | undefined {
  if (text === undefined) return undefined;
  const tz = text.toUpperCase();
  if (tz !== 'IST' && tz !== 'UTC') throw bad('timezone', text, 'IST or UTC');
  return tz;
}

/** Typed, checked options from the parsed flags. */
export function backtestOptions(v: OptionValues<typeof BACKTEST_OPTIONS>): BacktestOptions {
  const positive = (n: number) => n > 0;
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  return {
    csv: v.csv,
    strategy: v.strategy,
    strategyFile: v['strategy-file'],
    params: Object.fromEntries((v.param ?? []).map(parseParam)),
    from: v.from,
    to: v.to,
    warmupBars:
      number('warmup', v.warmup, (n) => Number.isInteger(n) && n >= 0, 'a whole number of bars >= 0') ?? 0,
    cash: number('cash', v.cash, positive, 'a positive number of rupees') ?? 1_000_000,
    costs: costsOf(v.commission, v.costs),
    slippage: v.slippage ?? 'none',
    product: v.product ?? 'delivery',
    tickSize: number('tick', v.tick, positive, 'a positive price step in rupees, e.g. 0.05'),
    lotSize: number('lot', v.lot, whole, 'a whole number >= 1'),
    riskFreeRate:
      number('risk-free', v['risk-free'], (n) => n > -1 && n < 1, 'an annual rate such as 0.065') ?? 0,
    symbol: v.symbol,
    timeframe: v.timeframe,
    timezone: timezoneOf(v.timezone),
    dateFormat: v['date-format'],
    json: v.json,
    html: v.html,
    equityPoints:
      number('equity-points', v['equity-points'], (n) => whole(n) && n >= 2, 'a whole number >= 2') ?? 2000,
    sweeps: v.sweep ?? [],
    rank: v.rank ?? 'sharpe',
    top: number('top', v.top, whole, 'a whole number >= 1') ?? 20,
    walkForward: v['walk-forward'],
    workers: number('workers', v.workers, whole, 'a whole number >= 1'),
    quiet: v.quiet ?? false,
    listStrategies: v['list-strategies'] ?? false,
  };
}
