// Calls of a broker's own kill switch (Dhan POST /killswitch), recorded with their outcome in
// `broker_kill_switch_calls` (sql/017, append-only) and the audit log, in one transaction: made
// because a QuantTrade kill switch was engaged (dhan-kill-switch.ts), or asked for by an operator
// (broker.setKillSwitch, `quanttrade broker kill-switch`).
import { formatDays, istDayNumber } from '../core/calendar/civil-date';
import { withTransaction, type Pool, type PoolClient } from '../db/pool';

type Queryable = Pick<PoolClient, 'query'>;

export interface KillSwitchCall {
  accountId: number;
  ownerId: number;
  killSwitchId: number | null;
  action: 'activate' | 'deactivate';
  outcome: 'ok' | 'failed';
  message: string;
  attempt: number;
  /** 'kill_switch:<id>' or 'user:<id>' / 'system'. */
  requestedBy: string;
  actorUserId?: number | null;
  daemonId?: string;
  at: number;
}

export interface KillSwitchCallRow extends Omit<KillSwitchCall, 'actorUserId' | 'ownerId'> {
  id: number;
  tradingDay: string;
}

/** Writes the call and its audit entry (as the owning role, or under the caller's row-level security). */
export async function recordKillSwitchCall(db: Pool | PoolClient, call: KillSwitchCall): Promise<void> {
  const write = async (c: Queryable) => {
    await c.query(
      `INSERT INTO broker_kill_switch_calls (owner_id, broker_account_id, kill_switch_id, action, outcome, message,
                                             attempt, trading_day, requested_by, daemon_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        call.ownerId,
        call.accountId,
        call.killSwitchId,
        call.action,
        call.outcome,
        call.message.slice(0, 1000),
        call.attempt,
        formatDays(istDayNumber(call.at)),
        call.requestedBy,
        call.daemonId ?? null,
        new Date(call.at),
      ],
    );
    await c.query(
      'INSERT INTO audit_log (actor, actor_user_id, action, target, details) VALUES ($1, $2, $3, $4, $5)',
      [
        call.requestedBy.startsWith('user:') ? call.requestedBy : 'system',
        call.actorUserId ?? null,
        `broker.kill_switch_${call.action}`,
        `broker_account:${call.accountId}`,
        JSON.stringify({
          outcome: call.outcome,
          message: call.message.slice(0, 1000),
          killSwitchId: call.killSwitchId,
          attempt: call.attempt,
          requestedBy: call.requestedBy,
        }),
      ],
    );
  };
  if ('release' in db) await write(db);
  else await withTransaction(db, write);
}

/** Whether the broker's switch was activated for this QuantTrade switch and account on that IST day. */
export async function activatedOn(
  db: Queryable,
  accountId: number,
  killSwitchId: number,
  at: number,
): Promise<boolean> {
  const { rows } = await db.query<{ done: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM broker_kill_switch_calls
                     WHERE broker_account_id = $1 AND kill_switch_id = $2 AND trading_day = $3
                       AND action = 'activate' AND outcome = 'ok') AS done`,
    [accountId, killSwitchId, formatDays(istDayNumber(at))],
  );
  return rows[0]!.done;
}

/** The latest calls (of the accounts `db`'s user may see), newest first. */
export async function listKillSwitchCalls(
  db: Queryable,
  accountId: number,
  limit = 50,
): Promise<KillSwitchCallRow[]> {
  const { rows } = await db.query<{
    id: number;
    broker_account_id: number;
    kill_switch_id: number | null;
    action: 'activate' | 'deactivate';
    outcome: 'ok' | 'failed';
    message: string;
    attempt: number;
    trading_day: string;
    requested_by: string;
    daemon_id: string | null;
    at: Date;
  }>(
    `SELECT id, broker_account_id, kill_switch_id, action, outcome, message, attempt,
            to_char(trading_day, 'YYYY-MM-DD') AS trading_day, requested_by, daemon_id, at
       FROM broker_kill_switch_calls WHERE broker_account_id = $1 ORDER BY id DESC LIMIT $2`,
    [accountId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.broker_account_id,
    killSwitchId: r.kill_switch_id,
    action: r.action,
    outcome: r.outcome,
    message: r.message,
    attempt: r.attempt,
    tradingDay: r.trading_day,
    requestedBy: r.requested_by,
    ...(r.daemon_id ? { daemonId: r.daemon_id } : {}),
    at: r.at.getTime(),
  }));
}
