// Everything the daemon does with a user's strategy source, behind one object it owns: compile
// (esbuild, cached by source), type-check (a checker process), read what the module declares
// (name, parameter schema, defaults — in the sandbox), parse parameters with its schema, dry-run
// and backtest it. Sandbox and checker processes start at first use, so a daemon that never sees
// user code never starts one.
import type { BarSeries } from '../core/bar';
import { AppError, validationError, type FieldIssue } from '../core/errors';
import type { BacktestResult } from '../engine/result';
import { runCodeBacktest, type CodeBacktestOptions, type CodeStrategy } from './code-backtest';
import { compileStrategy, sourceHash } from './compile';
import { dryRunStrategy, type DryRunReport } from './dry-run';
import { DESCRIBE_LIMITS, DEFAULT_LIMITS, heapLimitMb } from './limits';
import type { SandboxLimits } from './protocol';
import type { StrategyDescription } from './runtime/runtime-entry';
import { SandboxPool } from './sandbox-pool';
import { SandboxDied, SandboxProcess } from './sandbox-process';
import { sandboxError } from './strategy-errors';

export type StrategyLanguage = 'ts' | 'js';

export interface SourceDiagnostic {
  /** compile: esbuild; types: the TypeScript checker; load: running the module in the sandbox. */
  stage: 'compile' | 'types' | 'load';
  line: number;
  column: number;
  message: string;
  lineText?: string;
}

export interface SourceCheck {
  ok: boolean;
  sourceHash: string;
  language: StrategyLanguage;
  errors: SourceDiagnostic[];
  /** What the module declares, when it loads. */
  description: StrategyDescription | null;
}

export interface StrategyCodeOptions {
  /** Sandbox processes at once (validation, dry runs, and backtests run through this object). */
  poolSize?: number;
  limits?: SandboxLimits;
}

const COMPILED_KEPT = 32;
const TYPE_CHECK_MS = 60_000;

export class StrategyCode {
  private pool: SandboxPool | undefined;
  private checker: Promise<SandboxProcess> | undefined;
  private checkQueue: Promise<unknown> = Promise.resolve();
  private readonly compiled = new Map<string, CodeStrategy>();

  constructor(private readonly options: StrategyCodeOptions = {}) {}

  get limits(): SandboxLimits {
    return this.options.limits ?? DEFAULT_LIMITS;
  }

  private sandboxes(): SandboxPool {
    this.pool ??= new SandboxPool({
      size: this.options.poolSize ?? 2,
      warm: 1,
      heapMb: heapLimitMb(this.limits),
    });
    return this.pool;
  }

  /** Compiles `source` (cached by its hash); errors are the compiler's, with lines. */
  async compile(
    source: string,
    language: StrategyLanguage = 'ts',
  ): Promise<{ strategy?: CodeStrategy; errors: SourceDiagnostic[] }> {
    const key = `${language}:${sourceHash(source)}`;
    const cached = this.compiled.get(key);
    if (cached) return { strategy: cached, errors: [] };
    const result = await compileStrategy(source, `strategy.${language}`);
    if (!result.ok) return { errors: result.errors.map((e) => ({ stage: 'compile', ...e })) };
    const strategy = { compiled: result.compiled, source };
    if (this.compiled.size >= COMPILED_KEPT) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, strategy);
    return { strategy, errors: [] };
  }

  /** A compiled strategy, or VALIDATION_FAILED on `source` naming the first compile error's line. */
  async require(source: string, language: StrategyLanguage = 'ts'): Promise<CodeStrategy> {
    const { strategy, errors } = await this.compile(source, language);
    if (strategy) return strategy;
    throw validationError(errors.slice(0, 10).map(diagnosticIssue), 'strategy source');
  }

  /** Type errors of a TypeScript source against the strategy API (none for JavaScript). */
  async typeCheck(source: string): Promise<SourceDiagnostic[]> {
    const run = async () => {
      this.checker ??= SandboxProcess.start({ heapMb: 1024, script: 'checker.js', startTimeoutMs: 60_000 });
      const checker = await this.checker;
      try {
        const { value } = await checker.request<Omit<SourceDiagnostic, 'stage'>[]>(
          { op: 'type-check', source },
          { wallTimeoutMs: TYPE_CHECK_MS },
        );
        if (!Array.isArray(value)) throw new Error('malformed type-check reply');
        return value.slice(0, 50).map((d) => ({
          stage: 'types' as const,
          line: Number(d.line),
          column: Number(d.column),
          message: String(d.message).slice(0, 2000),
          lineText: typeof d.lineText === 'string' ? d.lineText.slice(0, 300) : undefined,
        }));
      } catch (err) {
        this.checker = undefined;
        await checker.kill();
        if (err instanceof SandboxDied)
          return [
            {
              stage: 'types' as const,
              line: 1,
              column: 1,
              message: `the type check was stopped: ${err.death.message}`,
            },
          ];
        throw err;
      }
    };
    // One check at a time: the checker process answers one request at a time.
    const next = this.checkQueue.then(run, run);
    this.checkQueue = next.catch(() => undefined);
    return next;
  }

  /** Compile, type-check (TypeScript), then load the module in the sandbox and read its declaration. */
  async check(
    source: string,
    language: StrategyLanguage = 'ts',
    options: { typeCheck?: boolean } = {},
  ): Promise<{ report: SourceCheck; strategy?: CodeStrategy }> {
    const base = { sourceHash: sourceHash(source), language, description: null };
    const { strategy, errors } = await this.compile(source, language);
    if (!strategy) return { report: { ...base, ok: false, errors } };
    if (language === 'ts' && options.typeCheck !== false) {
      const typeErrors = await this.typeCheck(source);
      if (typeErrors.length) return { report: { ...base, ok: false, errors: typeErrors }, strategy };
    }
    try {
      const description = await this.describe(strategy);
      return { report: { ...base, ok: true, errors: [], description }, strategy };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const at = (
        err.details as { location?: { line: number; column: number; lineText?: string } } | undefined
      )?.location;
      return {
        report: {
          ...base,
          ok: false,
          errors: [
            {
              stage: 'load',
              line: at?.line ?? 1,
              column: at?.column ?? 1,
              message: err.message,
              lineText: at?.lineText,
            },
          ],
        },
        strategy,
      };
    }
  }

  /** The module's declaration: name, description, parameter JSON Schema and defaults. */
  describe(strategy: CodeStrategy): Promise<StrategyDescription> {
    return this.sandboxes().use(async (process) => {
      try {
        const { value } = await process.request<StrategyDescription>(
          { op: 'describe', code: strategy.compiled.code, limits: DESCRIBE_LIMITS },
          { wallTimeoutMs: 30_000 },
        );
        return checkedDescription(value);
      } catch (err) {
        throw sandboxError(err, strategy.compiled, strategy.source);
      }
    });
  }

  /** Each parameter set parsed by the strategy's own schema (defaults filled), or its field issues. */
  parseParams(
    strategy: CodeStrategy,
    sets: Record<string, unknown>[],
  ): Promise<
    ({ ok: true; params: Record<string, unknown> } | { ok: false; message: string; issues: FieldIssue[] })[]
  > {
    return this.sandboxes().use(async (process) => {
      try {
        const { value } = await process.request<unknown[]>(
          { op: 'params', code: strategy.compiled.code, sets, limits: DESCRIBE_LIMITS },
          { wallTimeoutMs: 30_000 },
        );
        if (!Array.isArray(value) || value.length !== sets.length)
          throw new Error('malformed parameter reply');
        return value.map(checkedParams);
      } catch (err) {
        throw sandboxError(err, strategy.compiled, strategy.source);
      }
    });
  }

  /** One parameter set parsed, or VALIDATION_FAILED naming each bad field (`params.fast: …`). */
  async requireParams(
    strategy: CodeStrategy,
    raw: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const [result] = await this.parseParams(strategy, [raw]);
    if (result!.ok) return result!.params;
    throw result!.issues.length
      ? validationError(result!.issues, 'parameters')
      : new AppError('VALIDATION_FAILED', result!.message);
  }

  dryRun(strategy: CodeStrategy, spec: unknown, bars: ReadonlyMap<string, BarSeries>): Promise<DryRunReport> {
    return dryRunStrategy(this.sandboxes(), strategy, spec, bars);
  }

  backtest(
    strategy: CodeStrategy,
    spec: unknown,
    bars: ReadonlyMap<string, BarSeries>,
    options: CodeBacktestOptions = {},
  ): Promise<BacktestResult> {
    return runCodeBacktest(this.sandboxes(), strategy, spec, bars, { limits: this.limits, ...options });
  }

  async close(): Promise<void> {
    const checker = this.checker;
    this.checker = undefined;
    await Promise.all([
      this.pool?.close(),
      checker?.then(
        (c) => c.kill(),
        () => undefined,
      ),
    ]);
    this.pool = undefined;
  }
}

function diagnosticIssue(d: SourceDiagnostic): FieldIssue {
  return {
    path: 'source',
    value: `line ${d.line}, column ${d.column}`,
    expected: `valid code: ${d.message}`,
  };
}

function checkedDescription(value: unknown): StrategyDescription {
  const v = value as Partial<StrategyDescription> | null;
  if (
    !v ||
    typeof v.name !== 'string' ||
    typeof v.description !== 'string' ||
    typeof v.schema !== 'object' ||
    v.schema === null ||
    typeof v.defaults !== 'object' ||
    v.defaults === null
  )
    throw new AppError('STRATEGY_FAILED', 'the strategy declaration could not be read');
  return {
    name: v.name.slice(0, 100),
    description: v.description.slice(0, 2000),
    schema: v.schema,
    defaults: v.defaults,
  };
}

function checkedParams(value: unknown) {
  const v = value as { ok?: unknown; params?: unknown; message?: unknown; issues?: unknown };
  if (v?.ok === true && typeof v.params === 'object' && v.params !== null)
    return { ok: true as const, params: v.params as Record<string, unknown> };
  const issues = Array.isArray(v?.issues)
    ? (v.issues as FieldIssue[])
        .filter((i) => typeof i?.path === 'string' && typeof i?.expected === 'string')
        .slice(0, 50)
        .map((i) => ({ path: i.path.slice(0, 200), value: i.value, expected: i.expected.slice(0, 500) }))
    : [];
  return { ok: false as const, message: String(v?.message ?? 'invalid parameters').slice(0, 2000), issues };
}
