// Trading states in the database: the current state per scope (risk_trading_states) and every
// change (risk_state_changes, whose insert the database announces as risk.trading_state). The
// owner of each row is looked up from the account or deployment itself, so callers pass ids.
import { AppError } from '../core/errors';
import { istDate } from '../core/time';
import type { PoolClient } from '../db/pool';
import type { ScopeKind, TradingState, TradingStateChange } from '../risk/index';

const OWNER_OF = `(SELECT owner_id FROM broker_accounts WHERE $1 = 'account' AND id = $2
                   UNION ALL SELECT owner_id FROM deployments WHERE $1 = 'deployment' AND id = $2)`;

/** Writes changes (history and current state) in the caller's transaction. */
export async function insertStateChanges(
  db: Pick<PoolClient, 'query'>,
  changes: readonly TradingStateChange[],
  actorUserId: number | null = null,
): Promise<void> {
  for (const c of changes) {
    const at = new Date(c.at).toISOString();
    const { rowCount } = await db.query(
      `INSERT INTO risk_state_changes (owner_id, scope, scope_id, from_state, to_state, source, rule, reason, changed_by,
                                       actor_user_id, flatten, at)
       SELECT o.owner_id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM ${OWNER_OF} o`,
      [c.scope, c.scopeId, c.from, c.to, c.source, c.rule, c.reason, c.by, actorUserId, c.flatten, at],
    );
    if (rowCount === 0) throw new AppError('NOT_FOUND', `no ${c.scope} ${c.scopeId}`);
    await db.query(
      `INSERT INTO risk_trading_states (scope, scope_id, owner_id, state, source, reason, since, day)
       SELECT $1, $2, o.owner_id, $3, $4, $5, $6, $7 FROM ${OWNER_OF} o
       ON CONFLICT (scope, scope_id) DO UPDATE
         SET state = EXCLUDED.state, source = EXCLUDED.source, reason = EXCLUDED.reason, since = EXCLUDED.since,
             peak_pnl = CASE WHEN risk_trading_states.day = EXCLUDED.day THEN risk_trading_states.peak_pnl ELSE 0 END,
             day = EXCLUDED.day, updated_at = now()`,
      [c.scope, c.scopeId, c.to, c.source, c.reason, at, istDate(c.at)],
    );
  }
}

/** Remembers the day's P&L peak of each scope (for drawdown after a restart). */
export async function savePeaks(
  db: Pick<PoolClient, 'query'>,
  peaks: readonly { kind: ScopeKind; id: number; day: string; peakPnl: number }[],
): Promise<void> {
  for (const p of peaks) {
    await db.query(
      `INSERT INTO risk_trading_states (scope, scope_id, owner_id, state, source, reason, since, day, peak_pnl)
       SELECT $1, $2, o.owner_id, 'ACTIVE', 'new_day', 'no limit reached', now(), $3, round($4::numeric, 2) FROM ${OWNER_OF} o
       ON CONFLICT (scope, scope_id) DO UPDATE
         SET peak_pnl = CASE WHEN risk_trading_states.day = EXCLUDED.day
                             THEN greatest(risk_trading_states.peak_pnl, EXCLUDED.peak_pnl) ELSE EXCLUDED.peak_pnl END,
             day = EXCLUDED.day, updated_at = now()`,
      [p.kind, p.id, p.day, p.peakPnl],
    );
  }
}

export interface StoredState {
  scope: ScopeKind;
  scopeId: number;
  ownerId: number;
  state: TradingState;
  source: 'rule' | 'operator' | 'new_day';
  reason: string;
  since: number;
  /** IST date (YYYY-MM-DD) of the peak and of the last change; null before any. */
  day: string | null;
  peakPnl: number;
}

interface StateRow {
  scope: ScopeKind;
  scope_id: number;
  owner_id: number;
  state: TradingState;
  source: StoredState['source'];
  reason: string;
  since: Date;
  day: string | null;
  peak_pnl: string;
}

function toStored(r: StateRow): StoredState {
  return {
    scope: r.scope,
    scopeId: r.scope_id,
    ownerId: r.owner_id,
    state: r.state,
    source: r.source,
    reason: r.reason,
    since: r.since.getTime(),
    day: r.day,
    peakPnl: Number(r.peak_pnl),
  };
}

const STATE_COLUMNS = `scope, scope_id, owner_id, state, source, reason, since, to_char(day, 'YYYY-MM-DD') AS day, peak_pnl`;

export async function loadStates(
  db: Pick<PoolClient, 'query'>,
  accountIds: readonly number[],
  deploymentIds: readonly number[],
): Promise<StoredState[]> {
  const { rows } = await db.query<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM risk_trading_states
      WHERE (scope = 'account' AND scope_id = ANY($1::bigint[])) OR (scope = 'deployment' AND scope_id = ANY($2::bigint[]))`,
    [accountIds, deploymentIds],
  );
  return rows.map(toStored);
}

/** Every stored state the caller may see (row-level security), optionally one scope's. */
export async function listStates(
  db: PoolClient,
  filter: { scope?: ScopeKind; scopeId?: number },
): Promise<StoredState[]> {
  const { rows } = await db.query<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM risk_trading_states
      WHERE ($1::text IS NULL OR scope = $1) AND ($2::bigint IS NULL OR scope_id = $2) ORDER BY scope, scope_id`,
    [filter.scope ?? null, filter.scopeId ?? null],
  );
  return rows.map(toStored);
}

/**
 * The state as of `today` (IST date): a state the rules set on an earlier day is over — the
 * gate returns it to ACTIVE at its next check, and readers should not show a stale halt.
 */
export function stateAsOf(s: StoredState, today: string): StoredState {
  if (s.state === 'ACTIVE' || s.source === 'operator' || s.day === null || s.day >= today) return s;
  return { ...s, state: 'ACTIVE', source: 'new_day', reason: 'a new trading day', day: today, peakPnl: 0 };
}

export async function listStateChanges(
  db: PoolClient,
  filter: { scope?: ScopeKind; scopeId?: number; limit: number },
): Promise<(TradingStateChange & { id: number })[]> {
  const { rows } = await db.query<{
    id: number;
    scope: ScopeKind;
    scope_id: number;
    from_state: TradingState;
    to_state: TradingState;
    source: TradingStateChange['source'];
    rule: TradingStateChange['rule'];
    reason: string;
    changed_by: string;
    flatten: boolean;
    at: Date;
  }>(
    `SELECT id, scope, scope_id, from_state, to_state, source, rule, reason, changed_by, flatten, at FROM risk_state_changes
      WHERE ($1::text IS NULL OR scope = $1) AND ($2::bigint IS NULL OR scope_id = $2) ORDER BY at DESC, id DESC LIMIT $3`,
    [filter.scope ?? null, filter.scopeId ?? null, filter.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    scopeId: r.scope_id,
    from: r.from_state,
    to: r.to_state,
    source: r.source,
    rule: r.rule,
    reason: r.reason,
    by: r.changed_by,
    flatten: r.flatten,
    at: r.at.getTime(),
  }));
}
