// An order update pushed by Dhan's order-update WebSocket, in our vocabulary, with the raw message
// kept verbatim for the ledger's append-only `order_events` (audit). One message describes one
// Dhan order (one slice of a sliced order) cumulatively: it carries no trade id, so the Dhan
// BrokerLink (dhan-broker-link.ts) reads the order's trades when the filled quantity grows. Updates
// can be missed while a socket is down: reconciliation (../reconciliation.ts) heals that from the
// order book, so an update is a hint to act on, never the only record.
import type { OrderSide } from '../../core/order';
import type { LedgerOrderStatus } from '../../core/order-lifecycle';

export interface DhanOrderUpdate {
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
  /** MARKET, LIMIT, STOP_LOSS, STOP_LOSS_MARKET (the socket's LMT, MKT, SL, SLM). */
  orderType?: string;
  validity?: string;
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
