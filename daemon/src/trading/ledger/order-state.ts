// How an order's status follows from what happened to it: the ledger's own steps (created,
// sent), the venue's reports (acknowledgement, status, fills) and recovery. Pure, so the rules can
// be read and tested in one place. Reports may repeat and arrive out of order; the rules make the
// status move forward only (new → sent → open → partially_filled → a terminal status), and a
// fully filled order is 'filled' whatever else was said.
import type { LedgerOrderStatus, OrderEndSource } from '../../core/order-lifecycle';
import { TERMINAL_ORDER_STATUSES } from '../../core/order-lifecycle';
import type { BrokerOrderStatus } from '../../broker/broker-link';

export interface OrderProgress {
  status: LedgerOrderStatus;
  qty: number;
  /** Booked fills (the ledger's own sum, not the venue's figure). */
  filledQty: number;
  endSource: OrderEndSource | null;
  reason: string | null;
  /** Who asked for a cancel, if anyone did: the source a venue 'cancelled' is credited to. */
  cancelSource: OrderEndSource | null;
}

/** Recovery closes a sent order the venue did not know; any later sign of it reopens the order. */
export const NOT_FOUND_AT_BROKER = 'not_found_at_broker';
/** Recovery closes an order that was committed but never sent (it is not sent after a restart). */
export const NEVER_SENT = 'never_sent_before_restart';

const RANK: Record<LedgerOrderStatus, number> = {
  new: 0,
  sent: 1,
  open: 2,
  partially_filled: 3,
  filled: 4,
  cancelled: 4,
  rejected: 4,
  expired: 4,
};

export type OrderStep =
  | { kind: 'sent' }
  /** The venue's status report (an acknowledgement is one) with its reason for an ending. */
  | { kind: 'venue'; status: BrokerOrderStatus; reason?: string }
  /** Fills were booked: `filledQty` is the new booked total. */
  | { kind: 'filled'; filledQty: number }
  | { kind: 'close'; status: 'cancelled' | 'rejected'; endSource: OrderEndSource; reason: string };

function isReopenable(p: OrderProgress): boolean {
  return p.status === 'cancelled' && p.endSource === 'recovery' && p.reason === NOT_FOUND_AT_BROKER;
}

function working(filledQty: number): LedgerOrderStatus {
  return filledQty > 0 ? 'partially_filled' : 'open';
}

function endSourceFor(status: BrokerOrderStatus, p: OrderProgress): OrderEndSource | null {
  if (status === 'expired') return 'session';
  if (status === 'cancelled') return p.cancelSource ?? 'broker';
  if (status === 'rejected') return 'broker';
  return null;
}

/** The progress after `step`. Returns the same object when nothing changes. */
export function advanceOrder(p: OrderProgress, step: OrderStep): OrderProgress {
  const base: OrderProgress =
    isReopenable(p) && step.kind !== 'close' ? { ...p, status: 'sent', endSource: null, reason: null } : p;
  const next = nextProgress(base, step);
  if (next.filledQty >= next.qty && next.status !== 'filled')
    return { ...next, status: 'filled', endSource: null, reason: null };
  return next.status === p.status &&
    next.filledQty === p.filledQty &&
    next.reason === p.reason &&
    next.endSource === p.endSource
    ? p
    : next;
}

function nextProgress(p: OrderProgress, step: OrderStep): OrderProgress {
  const terminal = TERMINAL_ORDER_STATUSES.has(p.status);
  switch (step.kind) {
    case 'sent':
      return p.status === 'new' ? { ...p, status: 'sent' } : p;
    case 'filled': {
      const filledQty = Math.max(p.filledQty, step.filledQty);
      if (terminal) return { ...p, filledQty };
      return {
        ...p,
        filledQty,
        status: RANK[p.status] < RANK.partially_filled && filledQty > 0 ? 'partially_filled' : p.status,
      };
    }
    case 'close':
      return terminal ? p : { ...p, status: step.status, endSource: step.endSource, reason: step.reason };
    case 'venue': {
      if (terminal) return p;
      if (step.status === 'cancelled' || step.status === 'rejected' || step.status === 'expired')
        return {
          ...p,
          status: step.status,
          endSource: endSourceFor(step.status, p),
          reason: step.reason ?? null,
        };
      // open, partially_filled, or filled by the venue's count while its fills are still on the
      // way: the status follows the fills the ledger has booked.
      const status = working(p.filledQty);
      return RANK[status] > RANK[p.status] ? { ...p, status } : p;
    }
  }
}
