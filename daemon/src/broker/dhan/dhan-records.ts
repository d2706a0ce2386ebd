// What Dhan reports, read from its wire shapes into our vocabulary (core/order-lifecycle.ts):
// orders, trades, positions, holdings, funds, the profile — one record per Dhan row, close to the
// wire (a sliced order is several DhanOrders). The ledger never sees these: the Dhan BrokerLink
// (dhan-broker-link.ts) maps them onto the venue-neutral port (../broker-link.ts), whose types
// keep the plain names (BrokerOrder, BrokerTrade, ...). The API shows funds, holdings and
// positions as Dhan reports them. Prices are rupees as Dhan sent them (numbers); whoever books
// them converts to exact amounts (core/exact-money.ts).
import type { ExchangeSegment } from '../../core/instrument';
import type { OrderSide } from '../../core/order';
import type { BrokerOrderType, LedgerOrderStatus, Validity } from '../../core/order-lifecycle';

export type { OrderSide };

/** Dhan products we read (MTF, CO and BO appear on accounts traded by hand). */
export type DhanProduct = 'CNC' | 'INTRADAY' | 'MARGIN' | 'MTF' | 'CO' | 'BO';

/** An order as the broker holds it now. */
export interface DhanOrder {
  brokerOrderId: string;
  exchangeOrderId?: string;
  /** Our client order id (Dhan correlationId), when the order was sent with one. */
  clientOrderId?: string;
  /** Our status vocabulary; the broker's own word is in `brokerStatus`. */
  status: LedgerOrderStatus;
  brokerStatus: string;
  side: OrderSide;
  segment: string;
  securityId: string;
  tradingSymbol?: string;
  product: string;
  orderType: string;
  validity?: string;
  quantity: number;
  filledQty: number;
  remainingQty: number;
  price: number;
  triggerPrice: number;
  averagePrice: number;
  /** The broker's or exchange's reason for a rejection. */
  reason?: string;
  createdAt?: number;
  updatedAt?: number;
  /** The row as Dhan sent it (checked), for the ledger's order_events. */
  raw?: unknown;
}

/** One execution. */
export interface DhanTrade {
  brokerOrderId: string;
  exchangeOrderId?: string;
  /** Unique per order: the ledger's fills.broker_trade_id. */
  tradeId: string;
  side: OrderSide;
  segment: string;
  securityId: string;
  tradingSymbol?: string;
  product: string;
  quantity: number;
  price: number;
  /** Exchange time, epoch ms. */
  at?: number;
  /** The row as Dhan sent it (checked), for the ledger's order_events. */
  raw?: unknown;
}

export interface DhanPosition {
  segment: string;
  securityId: string;
  tradingSymbol?: string;
  product: string;
  /** Positive long, negative short, 0 closed today. */
  netQty: number;
  buyQty: number;
  sellQty: number;
  buyAverage: number;
  sellAverage: number;
  realizedProfit: number;
  unrealizedProfit: number;
}

export interface DhanHolding {
  exchange: string;
  tradingSymbol: string;
  securityId: string;
  isin?: string;
  totalQty: number;
  availableQty: number;
  averageCost: number;
  lastPrice: number;
}

export interface DhanFunds {
  availableBalance: number;
  startOfDayLimit: number;
  collateral: number;
  utilized: number;
  withdrawable: number;
  receivable: number;
  blockedPayout: number;
}

export interface DhanProfile {
  clientId: string;
  /** When the access token expires, epoch ms, when the broker says. */
  tokenValidUntil?: number;
  activeSegments: string[];
  dataPlan?: string;
  dataValidUntil?: string;
}

/** The broker's answer to place, modify or cancel. */
export interface DhanOrderAck {
  brokerOrderId: string;
  status: LedgerOrderStatus;
  brokerStatus: string;
}

/** What to place. Quantity in units (shares or contracts × lot). */
export interface DhanPlaceRequest {
  /** Our client order id, sent as the correlation id: 1–30 of [A-Za-z0-9_-]. */
  clientOrderId: string;
  side: OrderSide;
  segment: ExchangeSegment;
  securityId: string;
  product: DhanProduct;
  orderType: BrokerOrderType;
  validity: Validity;
  quantity: number;
  /** Required for LIMIT and STOP_LOSS. */
  price?: number;
  /** Required for STOP_LOSS and STOP_LOSS_MARKET. */
  triggerPrice?: number;
  disclosedQuantity?: number;
  afterMarket?: { time: 'OPEN' | 'OPEN_30' | 'OPEN_60' | 'PRE_OPEN' };
}

export interface DhanModifyRequest {
  brokerOrderId: string;
  orderType: BrokerOrderType;
  validity: Validity;
  quantity: number;
  price?: number;
  triggerPrice?: number;
  disclosedQuantity?: number;
}

/** How a place call ended: acknowledged now, or found at the broker after an unknown outcome. */
export interface DhanPlaceOutcome extends DhanOrderAck {
  /** How many times the request was sent (1 normally; 2+ only after the broker confirmed it lacked it). */
  sends: number;
  /** True when the acknowledgement came from a lookup by client order id, not the place answer. */
  recovered: boolean;
}
