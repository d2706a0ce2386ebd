// What a restarted daemon gives its gate back, from the database: each scope's orders in the
// last hour and the day's count (from risk_approvals — one row per allowed order, written with
// the order), its stored trading state and the day's P&L peak. A daily cap therefore survives a
// restart, and so does a halt.
import { istDayNumber, parseIsoDate } from '../core/calendar/civil-date';
import { istDate, istMidnight } from '../core/time';
import type { PoolClient } from '../db/pool';
import type { ScopeKind, ScopeRecord } from '../risk/index';
import { loadStates, stateAsOf } from './trading-state-store';

const HOUR_MS = 3_600_000;

export async function loadScopeRecords(
  db: Pick<PoolClient, 'query'>,
  accountIds: readonly number[],
  deploymentIds: readonly number[],
  now: number,
): Promise<ScopeRecord[]> {
  const dayStart = istMidnight(now);
  const since = Math.min(dayStart, now - HOUR_MS);
  const { rows } = await db.query<{ kind: ScopeKind; id: number; t: string }>(
    `SELECT 'account' AS kind, broker_account_id AS id, (extract(epoch FROM checked_at) * 1000)::bigint::text AS t
       FROM risk_approvals WHERE broker_account_id = ANY($1::bigint[]) AND checked_at >= to_timestamp($3 / 1000.0)
     UNION ALL
     SELECT 'deployment', deployment_id, (extract(epoch FROM checked_at) * 1000)::bigint::text
       FROM risk_approvals WHERE deployment_id = ANY($2::bigint[]) AND checked_at >= to_timestamp($3 / 1000.0)`,
    [accountIds, deploymentIds, since],
  );
  const today = istDate(now);
  const states = new Map(
    (await loadStates(db, accountIds, deploymentIds)).map((s) => [
      `${s.scope}:${s.scopeId}`,
      stateAsOf(s, today),
    ]),
  );
  const day = istDayNumber(now);
  const records: ScopeRecord[] = [];
  for (const [kind, ids] of [
    ['account', accountIds],
    ['deployment', deploymentIds],
  ] as const) {
    for (const id of ids) {
      const times = rows.filter((r) => r.kind === kind && r.id === id).map((r) => Number(r.t));
      const s = states.get(`${kind}:${id}`);
      records.push({
        kind,
        id,
        state: s?.state ?? 'ACTIVE',
        source: s?.source ?? 'new_day',
        reason: s?.reason ?? 'no limit reached',
        since: s?.since ?? NaN,
        day,
        dayCount: times.filter((t) => t >= dayStart).length,
        peakPnl: s && s.day !== null && parseIsoDate(s.day) === day ? s.peakPnl : 0,
        times: times.filter((t) => t > now - HOUR_MS).sort((a, b) => a - b),
      });
    }
  }
  return records;
}
