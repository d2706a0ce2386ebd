// Parameter sweeps as pure functions, planned once for every caller (`quanttrade backtest
// --sweep` and the backtest.sweep job): parse `--sweep fast=5:20:5`, plan the grid's valid points,
// rank results and choose the best. Running the grid (worker threads, child jobs) is the caller's.
import { validationError, type AppError } from '../core/errors';
import { parameterNames, parseParams, requireTemplate } from '../strategies/index';
import type { BacktestStats } from './statistics';

export interface SweepAxis {
  name: string;
  values: number[];
}

/** Metrics a sweep can be ranked by, and which way is better. */
export const RANK_METRICS = {
  sharpe: 'high',
  sortino: 'high',
  cagr: 'high',
  totalReturn: 'high',
  calmar: 'high',
  profitFactor: 'high',
  winRate: 'high',
  expectancy: 'high',
  finalValue: 'high',
  maxDrawdown: 'low',
} as const satisfies Partial<Record<keyof BacktestStats, 'high' | 'low'>>;

export type RankMetric = keyof typeof RANK_METRICS;

const MAX_GRID = 100_000;
const EXPECTED = 'name=start:end:step (e.g. fast=5:20:5) or name=v1,v2,… with numbers';

/** `fast=5:20:5` → 5, 10, 15, 20 (end inclusive); `fast=5,8,13` → those values. */
export function parseSweep(text: string): SweepAxis {
  const eq = text.indexOf('=');
  const name = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  const fail = () => validationError([{ path: 'sweep', value: text, expected: EXPECTED }]);
  if (eq <= 0 || body === '') throw fail();
  const range = /^(-?[\d.]+):(-?[\d.]+):([\d.]+)$/.exec(body);
  if (range) {
    const [start, end, step] = range.slice(1).map(Number) as [number, number, number];
    if (![start, end, step].every(Number.isFinite) || step <= 0 || end < start) throw fail();
    const count = Math.floor((end - start) / step + 1e-9) + 1;
    if (count > MAX_GRID) throw fail();
    // Multiply rather than accumulate so 0.1 steps do not drift (0.30000000000000004).
    const values = Array.from({ length: count }, (_, i) => Number((start + i * step).toPrecision(12)));
    return { name, values };
  }
  const values = body.split(',').map((v) => Number(v.trim()));
  if (values.some((v, i) => !Number.isFinite(v) || body.split(',')[i]!.trim() === '')) throw fail();
  return { name, values };
}

/** Every combination of the axes' values (the first axis varies slowest), over `base` params. */
export function expandGrid(
  axes: readonly SweepAxis[],
  base: Record<string, unknown> = {},
): Record<string, unknown>[] {
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_GRID) {
    throw validationError([
      { path: 'sweep', value: size, expected: `a grid of at most ${MAX_GRID} parameter sets` },
    ]);
  }
  let grid: Record<string, unknown>[] = [{ ...base }];
  for (const axis of axes)
    grid = grid.flatMap((params) => axis.values.map((v) => ({ ...params, [axis.name]: v })));
  return grid;
}

export function isRankMetric(name: string): name is RankMetric {
  return Object.hasOwn(RANK_METRICS, name);
}

/**
 * What planning needs of a strategy: its name, its parameter names, and its parser (complete
 * parameters with defaults, or VALIDATION_FAILED naming each bad field). A template name stands
 * for its own; user code brings one whose parses were made in the sandbox beforehand.
 */
export interface ParamSpace {
  name: string;
  known: readonly string[];
  parse(raw: Record<string, unknown>): Record<string, unknown>;
}

function templateSpace(template: string): ParamSpace {
  const definition = requireTemplate(template);
  return { name: template, known: parameterNames(definition), parse: (raw) => parseParams(definition, raw) };
}

export interface PlannedPoint {
  /** Index in the full grid (stable: the same input always plans the same points). */
  point: number;
  /** The grid values of this point only. */
  values: Record<string, number>;
  /** Complete, validated parameters (base params, then the point, then defaults). */
  params: Record<string, unknown>;
}

/**
 * The grid's valid parameter sets. Axes must be parameters of the template; combinations it
 * rejects (say fast >= slow) are skipped, as a grid search expects; when every one is rejected
 * the first rejection is the error. `path` names the input in messages (`sweep`, `grid`).
 */
export function planGrid(
  strategy: string | ParamSpace,
  base: Record<string, unknown>,
  axes: readonly SweepAxis[],
  options: { maxRuns?: number; runsPerPoint?: number; path?: string } = {},
): { points: PlannedPoint[]; skipped: number } {
  const space = typeof strategy === 'string' ? templateSpace(strategy) : strategy;
  const template = space.name;
  const path = options.path ?? 'sweep';
  const known = space.known;
  const unknown = axes.filter((a) => !known.includes(a.name));
  if (unknown.length > 0)
    throw validationError(
      unknown.map((a) => ({
        path: `${path}.${a.name}`,
        value: a.values,
        expected: `a parameter of ${template} (${known.join(', ')})`,
      })),
    );
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  const runs = size * (options.runsPerPoint ?? 1);
  const max = options.maxRuns ?? MAX_GRID;
  if (runs > max)
    throw validationError([
      {
        path,
        value: `${size} combinations × ${options.runsPerPoint ?? 1} runs each`,
        expected: `at most ${max} runs`,
      },
    ]);
  const points: PlannedPoint[] = [];
  let firstError: unknown;
  expandGrid(axes).forEach((values, point) => {
    try {
      points.push({
        point,
        values: values as Record<string, number>,
        params: space.parse({ ...base, ...values }),
      });
    } catch (err) {
      firstError ??= err;
    }
  });
  if (points.length === 0) throw firstError as AppError;
  return { points, skipped: size - points.length };
}

/**
 * Sorts best first by `metric`, reading each row's value with `valueOf`; rows whose value is
 * undefined (NaN: e.g. Sharpe without variance) go last. Ties keep the given order (grid order),
 * so ranking is deterministic.
 */
export function rankBy<T>(rows: readonly T[], metric: RankMetric, valueOf: (row: T) => number): T[] {
  const sign = RANK_METRICS[metric] === 'high' ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row) }))
    .sort((a, b) => {
      const an = Number.isNaN(a.value);
      const bn = Number.isNaN(b.value);
      if (an !== bn) return an ? 1 : -1;
      if (!an && a.value !== b.value) return sign * (a.value - b.value);
      return a.index - b.index;
    })
    .map((x) => x.row);
}

/** Sorts runs best first by `metric` of their statistics (rankBy). */
export function rankResults<T extends { stats: Pick<BacktestStats, RankMetric> }>(
  rows: readonly T[],
  metric: RankMetric,
): T[] {
  return rankBy(rows, metric, (row) => row.stats[metric]);
}

/** The best row by `metric` (rankBy's first), or undefined when there are none. */
export function chooseBest<T>(
  rows: readonly T[],
  metric: RankMetric,
  valueOf: (row: T) => number,
): T | undefined {
  return rankBy(rows, metric, valueOf)[0];
}
