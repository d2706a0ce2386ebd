// An operator's move of a deployment's or account's trading state (halt it, let it only reduce,
// or return it to ACTIVE), for the API and the CLI: recorded and audited in one transaction,
// then announced by the database; the daemon running the scope applies it to its gate. The
// caller must own the scope (row-level security) or be an admin.
import { AppError } from '../core/errors';
import { istDate } from '../core/time';
import type { ScopeKind, TradingState, TradingStateChange } from '../risk/index';
import type { Transaction } from './profile-service';
import { auditRisk, type RiskActor } from './risk-actor';
import { insertStateChanges, loadStates, stateAsOf } from './trading-state-store';

export interface SetStateInput {
  scope: ScopeKind;
  scopeId: number;
  state: TradingState;
  reason: string;
  /** With HALTED: close the positions too. */
  flatten?: boolean;
}

export async function setTradingState(
  run: Transaction,
  actor: RiskActor,
  input: SetStateInput,
  now = Date.now(),
): Promise<TradingStateChange> {
  return run(async (db) => {
    const table = input.scope === 'account' ? 'broker_accounts' : 'deployments';
    const { rows } = await db.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [input.scopeId]);
    if (!rows[0])
      throw new AppError(
        'NOT_FOUND',
        `no ${input.scope === 'account' ? 'broker account' : 'deployment'} ${input.scopeId}`,
      );
    const [stored] = await loadStates(
      db,
      input.scope === 'account' ? [input.scopeId] : [],
      input.scope === 'deployment' ? [input.scopeId] : [],
    );
    const from = stored ? stateAsOf(stored, istDate(now)).state : 'ACTIVE';
    const change: TradingStateChange = {
      scope: input.scope,
      scopeId: input.scopeId,
      from,
      to: input.state,
      source: 'operator',
      rule: null,
      reason: input.reason,
      by: actor.label,
      at: now,
      flatten: input.state === 'HALTED' && Boolean(input.flatten),
    };
    await insertStateChanges(db, [change], actor.userId);
    await auditRisk(db, actor, 'risk.trading_state_set', `${input.scope}:${input.scopeId}`, {
      from,
      to: input.state,
      reason: input.reason,
      flatten: change.flatten,
    });
    return change;
  });
}
