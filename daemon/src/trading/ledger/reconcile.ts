// Reconciliation of the ledger with a venue's order book: what each side holds that the other
// does not, and orders on which they disagree (status or filled quantity). Read-only: it reports,
// recovery (recovery.ts) repairs. An order at the venue without a ledger row would mean an order
// sent around the outbox — the count that must stay zero.
import type { Pool } from '../../db/pool';
import type { BrokerLink, BrokerOrder } from '../../broker/broker-link';
import type { LedgerOrder } from './ledger-types';
import { ORDER_COLUMNS, toLedgerOrder, type OrderRow } from './order-store';

export interface Reconciliation {
  /** At the venue, unknown to the ledger. */
  venueOnly: BrokerOrder[];
  /** Sent by the ledger (and not closed as missing), absent at the venue. */
  ledgerOnly: LedgerOrder[];
  mismatched: { ledger: LedgerOrder; venue: BrokerOrder }[];
  matched: number;
}

export async function reconcileOrders(
  pool: Pool,
  link: BrokerLink,
  brokerAccountId: number,
): Promise<Reconciliation> {
  const venue = await link.orders();
  const { rows } = await pool.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders o
      WHERE o.broker_account_id = $1 AND o.sent_at IS NOT NULL
        AND NOT (o.status = 'cancelled' AND o.end_source = 'recovery')`,
    [brokerAccountId],
  );
  const ledger = new Map(rows.map((r) => [r.client_order_id, toLedgerOrder(r)]));
  const result: Reconciliation = { venueOnly: [], ledgerOnly: [], mismatched: [], matched: 0 };
  const seen = new Set<string>();
  for (const v of venue) {
    seen.add(v.clientOrderId);
    const l = ledger.get(v.clientOrderId);
    if (!l) result.venueOnly.push(v);
    else if (l.status !== v.status || l.filledQty !== v.filledQty)
      result.mismatched.push({ ledger: l, venue: v });
    else result.matched++;
  }
  for (const [id, l] of ledger) if (!seen.has(id)) result.ledgerOnly.push(l);
  return result;
}
