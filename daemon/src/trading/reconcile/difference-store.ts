// The differences reconciliation cannot explain, in `broker_differences` (sql/017): one row per
// difference while it lasts — found again, it is touched, not added (an operator is alerted once);
// gone from a pass, it is resolved. Passes of one account record one at a time (an advisory lock),
// so a slower pass never clears what a newer one just found.
import type { ReconcileDifference } from '../../broker/reconciliation';
import { AppError } from '../../core/errors';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';

/** Advisory-lock namespace of reconciliation records ("RECN"). */
const LOCK_SPACE = 0x5245434e;

export interface StoredDifference {
  id: number;
  brokerAccountId: number;
  kind: ReconcileDifference['kind'];
  subject: string;
  message: string;
  detail: ReconcileDifference;
  firstSeenAt: string;
  lastSeenAt: string;
  timesSeen: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
}

/** What a difference is about, stable from one pass to the next. */
export function subjectOf(d: ReconcileDifference): string {
  switch (d.kind) {
    case 'unknown_order':
      return d.brokerOrderId;
    case 'fill_not_at_broker':
      return `${d.clientOrderId}/${d.tradeId}`;
    case 'position_mismatch':
      return `${d.instrument}|${d.product}`;
    default:
      return d.clientOrderId;
  }
}

export function describeDifference(d: ReconcileDifference): string {
  switch (d.kind) {
    case 'unknown_order':
      return `the broker has an order the ledger never sent: ${d.detail}`;
    case 'missing_at_broker':
      return `order ${d.clientOrderId} is ${d.status} in the ledger but the broker does not list it`;
    case 'status_conflict':
      return `order ${d.clientOrderId} ended ${d.ledger} in the ledger; the broker says ${d.broker}`;
    case 'fill_not_at_broker':
      return `fill ${d.tradeId} of order ${d.clientOrderId} is booked in the ledger; the broker has no such trade`;
    case 'overfilled':
      return `order ${d.clientOrderId}: the ledger booked ${d.ledgerFilled}, the broker filled ${d.brokerFilled}`;
    case 'quantity_mismatch':
      return `order ${d.clientOrderId}: the ledger's quantity is ${d.ledgerQty}, the broker's ${d.brokerQty} (below what filled)`;
    case 'position_mismatch':
      return `position ${d.instrument} ${d.product}: the ledger holds ${d.ledgerQty}, the broker ${d.brokerQty}${d.basis === 'day' ? ' (traded today)' : ''}`;
  }
}

export interface RecordedDifferences {
  /** Seen for the first time in this pass (alert these). */
  created: StoredDifference[];
  /** Still open after this pass (acknowledged ones included). */
  open: number;
  /** Resolved by this pass: no longer found. */
  cleared: number;
}

interface Row {
  id: number;
  broker_account_id: number;
  kind: ReconcileDifference['kind'];
  subject: string;
  message: string;
  detail: ReconcileDifference;
  first_seen_at: Date;
  last_seen_at: Date;
  times_seen: number;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
}

const COLUMNS = `id, broker_account_id, kind, subject, message, detail, first_seen_at, last_seen_at, times_seen,
  acknowledged_at, acknowledged_by, resolved_at`;

const toStored = (r: Row): StoredDifference => ({
  id: r.id,
  brokerAccountId: r.broker_account_id,
  kind: r.kind,
  subject: r.subject,
  message: r.message,
  detail: r.detail,
  firstSeenAt: r.first_seen_at.toISOString(),
  lastSeenAt: r.last_seen_at.toISOString(),
  timesSeen: r.times_seen,
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at?.toISOString() ?? null,
});

/** Stores one complete pass's differences of an account: new ones added, known ones touched, gone ones resolved. */
export async function recordDifferences(
  pool: Pool,
  account: { id: number; ownerId: number },
  differences: readonly ReconcileDifference[],
): Promise<RecordedDifferences> {
  const unique = new Map(differences.map((d) => [`${d.kind}\u0000${subjectOf(d)}`, d]));
  const list = [...unique.values()];
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, account.id]);
    const { rows } = await client.query<Row & { inserted: boolean }>(
      `INSERT INTO broker_differences (owner_id, broker_account_id, kind, subject, message, detail)
       SELECT $1, $2, d.kind, d.subject, d.message, d.detail
         FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[]) AS d(kind, subject, message, detail)
       ON CONFLICT (broker_account_id, kind, subject) WHERE resolved_at IS NULL
       DO UPDATE SET last_seen_at = clock_timestamp(), times_seen = broker_differences.times_seen + 1,
                     message = EXCLUDED.message, detail = EXCLUDED.detail
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [
        account.ownerId,
        account.id,
        list.map((d) => d.kind),
        list.map((d) => subjectOf(d).slice(0, 200)),
        list.map(describeDifference),
        list.map((d) => JSON.stringify(d)),
      ],
    );
    const cleared = await client.query(
      `UPDATE broker_differences SET resolved_at = clock_timestamp()
        WHERE broker_account_id = $1 AND resolved_at IS NULL
          AND NOT (id = ANY($2::bigint[]))`,
      [account.id, rows.map((r) => r.id)],
    );
    return {
      created: rows.filter((r) => r.inserted).map(toStored),
      open: rows.length,
      cleared: cleared.rowCount ?? 0,
    };
  });
}

export interface DifferenceFilter {
  accountId?: number;
  /** Only those not resolved (default true). */
  open?: boolean;
  limit?: number;
}

/** Differences visible to `db`'s user (row-level security), newest first. */
export async function listDifferences(
  db: Pick<PoolClient, 'query'>,
  filter: DifferenceFilter = {},
): Promise<StoredDifference[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM broker_differences
      WHERE ($1::bigint IS NULL OR broker_account_id = $1) AND (NOT $2 OR resolved_at IS NULL)
      ORDER BY first_seen_at DESC, id DESC LIMIT $3`,
    [filter.accountId ?? null, filter.open ?? true, filter.limit ?? 200],
  );
  return rows.map(toStored);
}

/** An operator has seen a difference and keeps it on purpose; it stays listed until it clears. */
export async function acknowledgeDifference(
  db: Pick<PoolClient, 'query'>,
  id: number,
  by: string,
): Promise<StoredDifference> {
  const { rows } = await db.query<Row>(
    `UPDATE broker_differences SET acknowledged_at = coalesce(acknowledged_at, clock_timestamp()),
            acknowledged_by = coalesce(acknowledged_by, $2)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, by],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no broker difference ${id}`);
  return toStored(rows[0]);
}
