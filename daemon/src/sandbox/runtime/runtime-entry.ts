// The sandbox runtime: the engine, the strategy API and the indicators, bundled into one script
// (dist/sandbox/runtime.js) that the sandbox host instantiates afresh for every run, inside its
// hardened compartment, next to the user's module. A backtest's whole bar loop runs in here, so
// user code is called directly, never across a process boundary per bar. Everything this returns
// is plain data. Pure: no I/O, no clock, no randomness (the host provides none of them).
import { normalizeSpec } from '../../engine/backtest-spec';
import { runStrategy } from '../../engine/backtest';
import type { RunHooks } from '../../engine/run-series';
import type { BarSeries } from '../../core/bar';
import { AppError } from '../../core/errors';
import { parseParams } from '../../strategies/registry';
import type { AnyStrategy } from '../../strategies/strategy';
import * as strategyApi from '../../strategy-api/index';
import * as indicatorApi from '../../strategy-api/indicators';
import { toJSONSchema } from 'zod';
import { createCallTracker, type CallTracker } from './call-tracker';
import { createConsoleCapture, type ConsoleCapture } from './console-capture';
import { packResult, plainParams, type PackedBacktestResult } from './packed-result';
import { strategyFromExports, StrategyShapeError } from './strategy-module';
import { recordDryRun, type DryRunRecord } from './dry-run-recorder';
import { openLiveSession, type LiveSession, type LiveSessionConfig } from './live-session';

export { StrategyShapeError };

export interface RuntimeOptions {
  /** The watchdog's call counter and phase (shared memory owned by the host; call-tracker.ts). */
  ticks: DataView;
  /** Most console lines kept between two takes. */
  maxLogLines: number;
}

export interface StrategyDescription {
  name: string;
  description: string;
  /** The parameter schema as JSON Schema (draft 2020-12, input side). */
  schema: Record<string, unknown>;
  /** Every parameter default (what an empty parameter set parses to, when it parses). */
  defaults: Record<string, unknown>;
}

/** Where the strategy was when something went wrong, read from the call's context. */
export interface StrategyWhere {
  phase: string;
  symbol?: string;
  barIndex?: number;
  barTime?: number;
}

const MODULES: Record<string, object> = {
  'quanttrade/strategy': Object.freeze({ ...strategyApi }),
  'quanttrade/indicators': Object.freeze({ ...indicatorApi }),
};

const MAX_SCHEMA_JSON = 64 * 1024;

function readWhere(tracker: CallTracker): StrategyWhere {
  const { phase, context } = tracker.site;
  const where: StrategyWhere = { phase };
  try {
    const c = context as { symbol?: unknown; index?: unknown; bar?: { time?: unknown } } | undefined;
    if (typeof c?.symbol === 'string') where.symbol = c.symbol.slice(0, 100);
    if (typeof c?.index === 'number') where.barIndex = c.index;
    const time = c?.bar?.time;
    if (typeof time === 'number') where.barTime = time;
  } catch {
    // A context the strategy broke tells nothing more.
  }
  return where;
}

function describe(strategy: AnyStrategy, tracker: CallTracker): StrategyDescription {
  tracker.phase('describe');
  const schema = toJSONSchema(strategy.params, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const json = JSON.stringify(schema);
  if (json.length > MAX_SCHEMA_JSON)
    throw new RangeError(
      `the parameter schema is ${json.length} characters as JSON Schema, at most ${MAX_SCHEMA_JSON}`,
    );
  const parsed = strategy.params.safeParse({});
  const defaults: Record<string, unknown> = {};
  if (parsed.success) Object.assign(defaults, plainParams(parsed.data));
  else {
    const properties = (schema.properties ?? {}) as Record<string, { default?: unknown }>;
    for (const [key, p] of Object.entries(properties)) if ('default' in p) defaults[key] = p.default;
  }
  return { name: strategy.name, description: strategy.description, schema: JSON.parse(json), defaults };
}

/** Parses a run's parameters with the strategy's schema; VALIDATION_FAILED names each bad field. */
function params(strategy: AnyStrategy, raw: Record<string, unknown>, tracker: CallTracker) {
  tracker.phase('params');
  return parseParams(strategy, raw);
}

export interface SandboxRuntime {
  /** The `require` of the user's module: only the two strategy modules exist. */
  require(name: string): object;
  /** The `console` global of the user's module. */
  readonly console: ConsoleCapture['console'];
  takeLogs: ConsoleCapture['take'];
  where(): StrategyWhere;
  /** A thrown value as the runtime's own AppError fields, when it is one. */
  /** What the runtime knows about a thrown value: its own AppError, or a strategy-shape error. */
  explain(value: unknown): { code: string; message: string; details?: Record<string, unknown> } | undefined;
  load(exports: unknown): AnyStrategy;
  describe(strategy: AnyStrategy): StrategyDescription;
  backtest(strategy: AnyStrategy, spec: unknown, series: BarSeries[], hooks: RunHooks): PackedBacktestResult;
  dryRun(
    strategy: AnyStrategy,
    spec: unknown,
    series: BarSeries[],
    limits: { bars: number; orders: number },
  ): { record: DryRunRecord; failed: boolean; thrown?: unknown };
  openLive(strategy: AnyStrategy, config: LiveSessionConfig): LiveSession;
  /** Parses parameter sets with the strategy's schema: each parsed, or the fields that are wrong. */
  parseParams(
    strategy: AnyStrategy,
    sets: Record<string, unknown>[],
  ): ({ ok: true; params: Record<string, unknown> } | { ok: false; message: string; issues: unknown[] })[];
}

export function createRuntime(options: RuntimeOptions): SandboxRuntime {
  const tracker = createCallTracker(options.ticks);
  const capture = createConsoleCapture(options.maxLogLines, () => {
    const w = readWhere(tracker);
    return { phase: w.phase, time: w.barTime ?? NaN };
  });
  const run = (strategy: AnyStrategy, spec: unknown, series: BarSeries[], hooks: RunHooks) => {
    const normalized = normalizeSpec(spec);
    const parsed = params(strategy, normalized.params, tracker);
    const result = runStrategy(
      strategy,
      parsed,
      normalized,
      new Map(series.map((s) => [s.symbol, s])),
      hooks,
    );
    tracker.phase('result');
    return result;
  };
  return {
    require(name) {
      const module = MODULES[name];
      if (!module)
        throw new Error(
          `cannot import '${name}': a strategy may import only 'quanttrade/strategy' and 'quanttrade/indicators'`,
        );
      return module;
    },
    console: capture.console,
    takeLogs: capture.take,
    where: () => readWhere(tracker),
    explain(value) {
      if (value instanceof StrategyShapeError) return { code: 'SHAPE', message: value.message };
      if (!(value instanceof AppError)) return undefined;
      return { code: value.code, message: value.message, details: value.details };
    },
    load(exports) {
      tracker.phase('load');
      return strategyFromExports(exports, tracker);
    },
    describe: (strategy) => describe(strategy, tracker),
    backtest: (strategy, spec, series, hooks) => packResult(run(strategy, spec, series, hooks)),
    dryRun: (strategy, spec, series, limits) =>
      recordDryRun(strategy, limits, (recording) => run(recording, spec, series, {})),
    parseParams(strategy, sets) {
      return sets.map((raw) => {
        try {
          return { ok: true as const, params: plainParams(params(strategy, raw, tracker)) };
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'VALIDATION_FAILED') throw err;
          const issues = (err.details?.issues as unknown[] | undefined) ?? [];
          return {
            ok: false as const,
            message: err.message,
            issues: JSON.parse(JSON.stringify(issues)) as unknown[],
          };
        }
      });
    },
    openLive(strategy, config) {
      const parsed = params(strategy, config.params, tracker);
      return openLiveSession(strategy, parsed, config, tracker);
    },
  };
}
