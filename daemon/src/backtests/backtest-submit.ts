// Submitting work: a single backtest (one backtest.run job), a parameter sweep or a walk-forward
// run (one backtest.sweep job that plans the children). Everything is checked before anything is
// written — template, parameters, grid, dates, and that the bar store holds the universe — and
// the row and its job are written in one transaction, under the caller's row-level security.
import type { Logger } from 'pino';
import { formatRupees } from '../core/money';
import type { PoolClient } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Boss } from '../jobs/boss';
import type { QueueName } from '../jobs/queues';
import { wakeWorkers } from '../jobs/transactional-enqueue';
import type { RunInput, SweepInput, WalkForwardInput } from './backtest-input';
import { insertBacktests, type CreatedBacktest, type NewBacktest } from './backtest-insert';
import { checkCoverage } from './coverage-check';
import type { ParamSpace } from '../engine/index';
import { codeParamSpace, schemaParameterNames } from '../sandbox/code-params';
import type { StrategyCode } from '../sandbox/strategy-code';
import { resolveRun } from './run-spec';
import { gridAxes, planPoints, type Grid } from './sweep-plan';
import { planTimedFolds } from './walk-forward-plan';

export interface Caller {
  user: { id: number };
  asUser<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
  boss: Boss;
  bus: EventBus;
  /** Each submission is logged here (info), with the backtest's, job's and user's ids. */
  log: Logger;
  /** Parses user code's parameters in the sandbox (runs of saved code strategies). */
  code?: StrategyCode;
}

type Resolved = Awaited<ReturnType<typeof resolveRun>>;

/** The run's parameters: a template's, or the code's own schema parsed in the sandbox now. */
async function paramSpace(caller: Caller, run: Resolved, grid: Grid): Promise<string | ParamSpace> {
  if (!run.code) return run.spec.strategy;
  const known = schemaParameterNames(run.code.schema);
  return codeParamSpace(
    caller.code!,
    run.code.strategy,
    run.spec.strategy,
    known,
    run.spec.params,
    gridAxes(grid),
  );
}

/** The role user requests run as (db/user-scope.ts). */
const USER_SCOPE_ROLE = 'quanttrade_app';

type Planned = Omit<NewBacktest, 'ownerId' | 'initialCash' | 'range' | 'strategyId' | 'strategyVersion'>;

async function create(
  caller: Caller,
  queue: QueueName,
  input: RunInput,
  row: (run: Resolved, db: PoolClient) => Promise<Planned> | Planned,
): Promise<CreatedBacktest> {
  let resolved: Resolved | undefined;
  const [created] = await caller.asUser(async (db) => {
    const run = (resolved = await resolveRun(db, input, caller.code));
    const { synthetic } = await checkCoverage(db, run.spec, run.range);
    const fields = await row(run, db);
    return insertBacktests(
      db,
      caller.boss,
      queue,
      [
        {
          ...fields,
          ownerId: caller.user.id,
          strategyId: run.strategyId,
          strategyVersion: run.strategyVersion,
          initialCash: formatRupees(run.spec.cash),
          range: run.range,
          synthetic,
        },
      ],
      USER_SCOPE_ROLE,
    );
  });
  await wakeWorkers(caller.bus, queue);
  const spec = resolved!.spec;
  caller.log.info(
    {
      backtestId: created!.id,
      jobId: created!.jobId,
      userId: caller.user.id,
      queue,
      strategy: spec.strategy,
      symbols: spec.symbols,
      timeframe: spec.timeframe,
      from: spec.from,
      to: spec.to,
    },
    'backtest submitted',
  );
  return created!;
}

export function submitBacktest(caller: Caller, input: RunInput): Promise<CreatedBacktest> {
  return create(caller, 'backtest.run', input, (run) => ({ kind: 'single', parentId: null, spec: run.spec }));
}

export function submitSweep(caller: Caller, input: SweepInput): Promise<CreatedBacktest> {
  return create(caller, 'backtest.sweep', input, async (run) => {
    // Checked now so that a bad grid is a BAD_REQUEST; the sweep job plans the same points again
    // (a template's), or takes them from the spec (code's: parsed in the sandbox now).
    const { points, skipped } = planPoints(
      await paramSpace(caller, run, input.grid),
      run.spec.params,
      input.grid,
    );
    return {
      kind: 'sweep',
      parentId: null,
      spec: { base: run.spec, grid: input.grid, ...(run.code && { points }) },
      rankBy: input.rankBy,
      plan: { runs: points.length, skipped },
    };
  });
}

export function submitWalkForward(caller: Caller, input: WalkForwardInput): Promise<CreatedBacktest> {
  return create(caller, 'backtest.sweep', input, async (run, db) => {
    const folds = await planTimedFolds(db, run.spec, run.range, { train: input.train, test: input.test });
    const space = await paramSpace(caller, run, input.grid);
    const { points, skipped } = planPoints(space, run.spec.params, input.grid, folds.length + 1);
    return {
      kind: 'walk-forward',
      parentId: null,
      spec: {
        base: run.spec,
        grid: input.grid,
        train: input.train,
        test: input.test,
        ...(run.code && { points }),
      },
      rankBy: input.rankBy,
      plan: { runs: (points.length + 1) * folds.length, skipped, folds },
    };
  });
}
