// Deployments for the API and the CLI: create and update check the spec against the database
// (deployment-validation.ts) and store it in the same transaction, under the caller's row-level
// security; the commands (start, stop, pause, resume) only perform their transition — the
// runner's supervisor hears 'deployment.changed' and does the work.
import type { PoolClient } from '../../db/pool';
import type { StrategyCode } from '../../sandbox/strategy-code';
import {
  deploymentChangesSchema,
  deploymentSpecSchema,
  type DeploymentChanges,
  type DeploymentSpec,
} from './deployment-spec';
import { COMMANDS, type DeploymentCommand } from './deployment-state';
import {
  createDeployment,
  loadDeployment,
  transitionDeployment,
  updateDeployment,
  type DeploymentRow,
  type TransitionResult,
} from './deployment-store';
import { validateDeploymentSpec } from './deployment-validation';
import { parseOrThrow } from '../../core/zod-issues';

export interface DeploymentCaller {
  userId: number;
  /** Runs `fn` in one transaction under the caller's row-level security. */
  asUser<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
  /** Parses user code's parameters in the sandbox (deployments of code strategies). */
  code?: StrategyCode;
}

/** Checks and stores a new deployment, owned by the caller, stopped. */
export async function createUserDeployment(caller: DeploymentCaller, input: unknown): Promise<DeploymentRow> {
  const spec = parseOrThrow(deploymentSpecSchema, input, 'deployment');
  return caller.asUser(async (db) => {
    const checked = await validateDeploymentSpec(db, caller.userId, spec, caller.code);
    return createDeployment(db, caller.userId, checked.spec, { actor: 'user', actorUserId: caller.userId });
  });
}

const specOf = (row: DeploymentRow): DeploymentSpec => ({
  name: row.name,
  strategyId: row.strategyId,
  strategyVersion: row.strategyVersion,
  params: row.params,
  symbols: row.symbols,
  timeframe: row.timeframe,
  product: row.product,
  capital: row.capital,
  brokerAccountId: row.brokerAccountId,
  riskProfileId: row.riskProfileId,
  mode: row.mode,
});

/**
 * Changes some fields of a stopped (or failed, or halted) deployment: the whole resulting spec is
 * checked again, since a new product or symbol can make old parameters wrong.
 */
export async function updateUserDeployment(
  caller: DeploymentCaller,
  id: number,
  input: unknown,
): Promise<DeploymentRow> {
  const changes = parseOrThrow(deploymentChangesSchema, input, 'deployment changes');
  return caller.asUser(async (db) => {
    const current = await loadDeployment(db, id);
    const merged = { ...specOf(current), ...definedOnly(changes) };
    const checked = await validateDeploymentSpec(db, current.ownerId, merged, caller.code);
    const stored: DeploymentChanges = {};
    for (const key of Object.keys(changes) as (keyof DeploymentChanges)[])
      Object.assign(stored, { [key]: checked.spec[key] });
    // A new strategy version or symbol list re-checks the params: store them as parsed.
    if (
      changes.strategyId !== undefined ||
      changes.strategyVersion !== undefined ||
      changes.params !== undefined
    )
      stored.params = checked.spec.params;
    return updateDeployment(db, id, stored, { actor: 'user', actorUserId: caller.userId });
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** start | stop | pause | resume: the transition only (CONFLICT names the current status). */
export function commandDeployment(
  caller: DeploymentCaller,
  id: number,
  command: DeploymentCommand,
  reason?: string,
): Promise<TransitionResult> {
  const { from, to } = COMMANDS[command];
  return caller.asUser((db) =>
    transitionDeployment(db, {
      deploymentId: id,
      from,
      to,
      actor: 'user',
      actorUserId: caller.userId,
      reason: reason ?? command,
    }),
  );
}
