// An order update pushed by a broker (Dhan's order-update WebSocket), in our vocabulary, with the
// raw message kept verbatim for the ledger's append-only `order_events` (audit). Updates can be
// missed while a socket is down: reconciliation (broker/reconciliation.ts) heals that from the
// order book, so an update is a hint to act on, never the only record.
import type { LedgerOrderStatus } from '../core/order-lifecycle';
import type { OrderSide } from './broker-records';

export interface OrderUpdate {
  brokerOrderId: string;
  exchangeOrderId?: string;
  /** Our client order id when the order carried one (API orders). */
  clientOrderId?: string;
  status: LedgerOrderStatus;
  /** The broker's word for the status, as sent. */
  brokerStatus: string;
  side?: OrderSide;
  segment?: string;
  securityId?: string;
  tradingSymbol?: string;
  product?: string;
  quantity: number;
  /** Cumulative quantity filled so far. */
  filledQty: number;
  remainingQty: number;
  price: number;
  triggerPrice: number;
  averagePrice: number;
  /** Price of the latest fill, when this update reports one. */
  lastFillPrice?: number;
  /** Rejection or cancellation reason from the broker or exchange. */
  reason?: string;
  /** After-market order. */
  afterMarket: boolean;
  /** The broker's last-update time, epoch ms (undefined when it could not be read). */
  updatedAt?: number;
  /** When this process received it, epoch ms. */
  receivedAt: number;
  /** Where the order came from ("P" = API on Dhan); orders placed by hand show up too. */
  source?: string;
  /** The message as received, for order_events. */
  raw: Record<string, unknown>;
}
