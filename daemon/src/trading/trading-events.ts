// The order ledger's events on the bus (events/event-map.ts), sent by the database at commit
// (sql/018_deployments.sql triggers on order_events, fills and positions) so every daemon's
// subscribers hear every change whoever wrote it; and the operator's cancel request, published
// by the API for the daemon holding the deployment (queries/order-cancel-request.ts).
// Amounts are exact decimal strings.
import type { LedgerOrderStatus } from '../core/order-lifecycle';

export interface OrderChangedEvent {
  orderId: number;
  /** The order_events row. */
  eventId: number;
  deploymentId: number | null;
  brokerAccountId: number;
  clientOrderId: string;
  instrumentId: number;
  side: 'buy' | 'sell';
  qty: number;
  kind: string;
  status: LedgerOrderStatus;
  filledQty: number;
  source: string;
}

export interface FillEvent {
  fillId: number;
  orderId: number;
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  side: 'buy' | 'sell';
  qty: number;
  price: string;
  value: string;
  realisedPnl: string;
  costs: string;
  filledAt: string;
}

export interface PositionEvent {
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  product: string;
  netQty: number;
  realisedPnl: string;
}

export interface CancelRequestEvent {
  orderId: number;
  deploymentId: number | null;
  brokerAccountId: number;
  clientOrderId: string;
  source: 'operator';
  /** The user who asked; null from the CLI (the system). */
  requestedBy: number | null;
}

declare module '../events/event-map' {
  interface EventMap {
    /** An order changed (an order_events row: created, sent, acknowledged, filled, closed, ...). */
    'trading.order': OrderChangedEvent;
    /** A fill was booked. */
    'trading.fill': FillEvent;
    /** A position's quantity or realised P&L changed. */
    'trading.position': PositionEvent;
    /**
     * An operator asked to cancel an order: the daemon holding its deployment's lease (or the
     * account's link, for a manual order) performs ledger.cancel(fence, orderId, 'operator', link).
     */
    'trading.cancel_requested': CancelRequestEvent;
    /** An order ended rejected (by the venue, or by the ledger before sending); sql/023. */
    'trading.order_rejected': OrderRejectedEvent;
    /** A deployment moved to error (its transition row); sql/023. */
    'trading.deployment_error': DeploymentErrorEvent;
    /** An end-of-day report was saved (or saved again); sql/023. */
    'trading.eod_report': EodReportEvent;
  }
}

export interface OrderRejectedEvent {
  orderId: number;
  deploymentId: number | null;
  brokerAccountId: number;
  clientOrderId: string;
  /** 'NSE:TCS' */
  symbol: string | null;
  side: 'buy' | 'sell';
  qty: number;
  reason: string | null;
}

export interface DeploymentErrorEvent {
  deploymentId: number;
  name: string;
  error: string | null;
  actor: string;
}

export interface EodReportEvent {
  deploymentId: number;
  tradingDate: string;
  /** Decimal strings, as the report holds them. */
  netPnl: string;
  dayPnl: string;
  trades: number;
}
