// The broker link: how the ledger talks to a venue — the paper venue (broker/paper/) and Dhan
// (broker/dhan/dhan-broker-link.ts). Venue-neutral but shaped on Dhan's order model (../shared/reference/dhan-api.md §2, §8):
// an order carries our client order id (Dhan's correlationId), is acknowledged with the venue's
// order id, and then changes status and fills asynchronously, reported through `subscribe`.
//
// The contract the ledger relies on:
//   - place() either resolves with an acknowledgement, or throws a BrokerError whose `outcome`
//     says whether the order certainly does not exist at the venue ('rejected') or might
//     ('unknown': a timeout, a dropped connection — the venue may have acted). An unknown
//     outcome is resolved with findOrder(), never by placing again.
//   - findOrder() answers 'not_found' only when the venue has no order with that client order id.
//   - Updates may arrive more than once, out of order, and before place() resolves; each carries
//     the venue's raw payload and is applied idempotently by the ledger.
import { AppError } from '../core/errors';
import type { Exchange, ExchangeSegment } from '../core/instrument';
import type { BrokerOrderType, BrokerProduct, LedgerOrderStatus, Validity } from '../core/order-lifecycle';
import type { OrderSide } from '../core/order';

/** How a venue names an instrument: Dhan uses segment + security id; symbols are for people. */
export interface BrokerInstrumentRef {
  symbol: string;
  exchange: Exchange;
  segment: ExchangeSegment;
  /** Dhan security id (from the instrument master); synthetic instruments have none. */
  securityId?: string;
  /**
   * The exchange's freeze quantity, when the instrument master has it: a venue that can slice
   * (Dhan) places a larger order as several venue orders under one client order id.
   */
  freezeQty?: number;
}

export interface PlaceOrderRequest {
  /** Ours, 1–30 of [A-Za-z0-9_-] (CLIENT_ORDER_ID_PATTERN); the venue keeps it (correlationId). */
  clientOrderId: string;
  instrument: BrokerInstrumentRef;
  side: OrderSide;
  /** Units (shares, or lots × lot size). */
  qty: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  validity: Validity;
  /** LIMIT and STOP_LOSS; a tick multiple. */
  limitPrice?: number;
  /** STOP_LOSS and STOP_LOSS_MARKET; a tick multiple. */
  triggerPrice?: number;
}

/** An order's status at the venue, in the ledger's words (Dhan TRANSIT/PENDING → open, ...). */
export type BrokerOrderStatus = Exclude<LedgerOrderStatus, 'new' | 'sent'>;

/** The venue's view of one order (order book row, lookup by client order id, update payload). */
export interface BrokerOrder {
  /** The venue's order id (a sliced Dhan order: its first slice's). */
  brokerOrderId: string;
  /** Ours; '' for an order placed elsewhere (by hand on the broker's site): never the ledger's. */
  clientOrderId: string;
  instrument: BrokerInstrumentRef;
  side: OrderSide;
  qty: number;
  filledQty: number;
  /** Quantity-weighted average fill price; NaN before the first fill. */
  avgPrice: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  validity: Validity;
  limitPrice?: number;
  triggerPrice?: number;
  status: BrokerOrderStatus;
  /** Why it was rejected, cancelled or expired, in the venue's words. */
  reason?: string;
  /** The venue's own status word (TRANSIT, PART_TRADED, ...), for the audit trail. */
  venueStatus: string;
  /** Venue time of the last change, epoch ms. */
  updatedAt: number;
  /** The venue's payload as received. */
  raw: unknown;
}

export interface PlaceAck {
  brokerOrderId: string;
  /** Usually 'open'; 'rejected' when the venue refused it on arrival (tick, lot, funds). */
  status: BrokerOrderStatus;
  reason?: string;
  raw: unknown;
}

/** One execution (Dhan trade book row). */
export interface BrokerTrade {
  /** Unique per venue: the idempotency key of the fill (Dhan exchangeTradeId). */
  tradeId: string;
  brokerOrderId: string;
  clientOrderId: string;
  instrument: BrokerInstrumentRef;
  side: OrderSide;
  qty: number;
  price: number;
  /** Venue (exchange) time of the trade, epoch ms. */
  time: number;
  raw: unknown;
}

export type BrokerOrderUpdate =
  /** A status change: acknowledgement, rejection, cancellation, expiry, (partial) fill progress. */
  | { kind: 'status'; order: BrokerOrder }
  /** An execution, with the order as it stands after it. */
  | { kind: 'fill'; trade: BrokerTrade; order: BrokerOrder };

/** Listeners may be async: a venue that can wait (the paper venue) waits for them. */
export type BrokerUpdateListener = (update: BrokerOrderUpdate) => void | Promise<void>;

export interface ModifyOrderRequest {
  qty?: number;
  orderType?: BrokerOrderType;
  limitPrice?: number;
  triggerPrice?: number;
  validity?: Validity;
}

export interface BrokerPosition {
  instrument: BrokerInstrumentRef;
  /** CNC, INTRADAY, MARGIN — or another product the venue shows for trades made elsewhere (Dhan: MTF). */
  product: string;
  /** Signed: > 0 long, < 0 short. */
  netQty: number;
  /** Average entry price of the open quantity; NaN when flat. */
  avgPrice: number;
  realisedPnl: number;
  /** Last price the venue marked at; NaN when unknown. */
  lastPrice: number;
  raw: unknown;
}

export interface BrokerFunds {
  /** Cash after purchases, sales and charges. */
  cash: number;
  /** Margin the open positions hold. */
  utilised: number;
  /** What a new order may use: cash − utilised (Dhan's availabelBalance). */
  available: number;
  raw: unknown;
}

export type FindOrderResult = { found: true; order: BrokerOrder } | { found: false };

export interface BrokerLink {
  /** Short name for logs and metrics: 'paper', 'dhan'. */
  readonly venue: string;
  place(request: PlaceOrderRequest): Promise<PlaceAck>;
  /** Asks to cancel; the outcome arrives as an update (the order may fill first). */
  cancel(brokerOrderId: string): Promise<void>;
  modify(brokerOrderId: string, change: ModifyOrderRequest): Promise<void>;
  /** The venue's order with our client order id (Dhan GET /orders/external/{correlationId}). */
  findOrder(clientOrderId: string): Promise<FindOrderResult>;
  /** Today's orders (Dhan's order book). */
  orders(): Promise<BrokerOrder[]>;
  /** Executions: today's, or those of the order a venue order id belongs to (every slice of it). */
  trades(filter?: { brokerOrderId?: string }): Promise<BrokerTrade[]>;
  positions(): Promise<BrokerPosition[]>;
  /**
   * Products whose positions() count only today's trades (Dhan: CNC — delivered shares move to
   * holdings); reconciliation compares those with the ledger's day quantity. Default: none.
   */
  readonly dayPositionProducts?: readonly string[];
  funds(): Promise<BrokerFunds>;
  /** Order updates from now on; returns the unsubscribe function. */
  subscribe(listener: BrokerUpdateListener): () => void;
}

/**
 * A venue call that failed. `outcome` is what the ledger acts on: 'rejected' — the venue refused
 * and holds no such order (never retried as is); 'unknown' — it may have acted (look it up).
 * `details.notSent` marks a 'rejected' that never reached the venue (the link is down, the token
 * expired, a local rate limit): the order is closed all the same, with that reason.
 */
export class BrokerError extends AppError {
  readonly outcome: 'rejected' | 'unknown';

  constructor(
    outcome: 'rejected' | 'unknown',
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(outcome === 'rejected' ? 'BROKER_REJECTED' : 'BROKER_OUTCOME_UNKNOWN', message, details, options);
    this.name = 'BrokerError';
    this.outcome = outcome;
  }
}

/** The outcome of an error thrown by a link: anything but a 'rejected' BrokerError may have acted. */
export function brokerOutcome(err: unknown): 'rejected' | 'unknown' {
  return err instanceof BrokerError ? err.outcome : 'unknown';
}
