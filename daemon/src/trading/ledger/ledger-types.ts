// The ledger's shapes: what a caller submits (an order and the signal it came from), and an order
// as stored. Amounts read from the database stay decimal strings (pg numeric): exact, and
// converted with core/exact-money.ts wherever arithmetic is needed.
import type { OrderSide, OrderType } from '../../core/order';
import type {
  BrokerOrderType,
  BrokerProduct,
  LedgerOrderStatus,
  OrderEndSource,
  Validity,
} from '../../core/order-lifecycle';

/** What the strategy asked for: stored as a `signals` row, visible even when the order is refused. */
export interface SignalInput {
  /** Deterministic per deployment (bar time + order index): a replay after a restart yields the same key. */
  signalKey: string;
  /** Start time of the bar the strategy decided on, epoch ms. */
  barTime: number;
  side: OrderSide;
  qty: number;
  /** The engine's order type (market, limit, stop, stop-limit, trailing-stop). */
  orderType: OrderType;
  limitPrice?: number;
  triggerPrice?: number;
  tag?: string;
  /** Indicator values the strategy attached. */
  indicators?: Record<string, number | string | boolean | null>;
  strategyId?: number;
  strategyVersion?: number;
}

export interface SubmitOrderInput {
  clientOrderId: string;
  /**
   * A flatten order of this kill switch (engaged with flatten): the write names it
   * (app.risk_flatten_switch) so the orders trigger lets that switch's own orders through.
   */
  flattenSwitchId?: number;
  /** NULL for an operator's manual order (then no lease applies). */
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  side: OrderSide;
  qty: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  validity: Validity;
  limitPrice?: number;
  triggerPrice?: number;
  /** 'india' (by product) or a costModelByName name; fills are charged with it. */
  costModel: string;
  /** The strategy signal behind the order (deployment orders). */
  signal?: SignalInput;
}

export interface LedgerOrder {
  id: number;
  ownerId: number;
  deploymentId: number | null;
  signalId: number | null;
  brokerAccountId: number;
  clientOrderId: string;
  brokerOrderId: string | null;
  instrumentId: number;
  side: OrderSide;
  qty: number;
  filledQty: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  validity: Validity;
  limitPrice: string | null;
  triggerPrice: string | null;
  /** filled_value / filled_qty to 4 decimals; null before the first fill. */
  avgFillPrice: string | null;
  filledValue: string;
  costs: string;
  status: LedgerOrderStatus;
  reason: string | null;
  endSource: OrderEndSource | null;
  brokerStatus: string | null;
  costModel: string;
  cancelSource: OrderEndSource | null;
  leaseToken: number | null;
  createdAt: Date;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
}

export interface LedgerFill {
  id: number;
  orderId: number;
  clientOrderId: string;
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  tradeId: string;
  side: OrderSide;
  qty: number;
  price: string;
  value: string;
  realisedPnl: string;
  costs: string;
  filledAt: Date;
}

export interface LedgerPosition {
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  product: string;
  netQty: number;
  avgPrice: string;
  costBasis: string;
  realisedPnl: string;
  unrealisedPnl: string | null;
  dayPnl: string | null;
  costs: string;
  dayCosts: string;
  lastPrice: string | null;
  day: string | null;
}
