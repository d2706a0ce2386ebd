// Wire → records: Dhan's checked REST shapes (dhan-wire.ts) into Dhan records (dhan-records.ts).
// Times on the wire are IST wall clock ("YYYY-MM-DD HH:MM:SS"); numbers are rupees.
import type {
  DhanFunds,
  DhanHolding,
  DhanOrder,
  DhanPosition,
  DhanProfile,
  DhanTrade,
  DhanOrderAck,
} from './dhan-records';
import { ledgerStatus } from './dhan-enums';
import type {
  FundsWire,
  HoldingWire,
  OrderAckWire,
  OrderWire,
  PositionWire,
  ProfileWire,
  TradeWire,
} from './dhan-wire';

const IST_MS = 19_800_000;

/** "2025-01-06 09:15:02" (IST) or "06/01/2025 09:15:02" → epoch ms; undefined when unreadable. */
export function parseIstTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) - IST_MS;
  m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (m) return Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) - IST_MS;
  return undefined;
}

const n = (v: number | null | undefined | string): number => (typeof v === 'number' ? v : 0);
const side = (t: 'BUY' | 'SELL'): 'buy' | 'sell' => (t === 'BUY' ? 'buy' : 'sell');

export function toOrderAck(w: OrderAckWire): DhanOrderAck {
  return { brokerOrderId: w.orderId, status: ledgerStatus(w.orderStatus), brokerStatus: w.orderStatus };
}

export function toDhanOrder(w: OrderWire): DhanOrder {
  const quantity = w.quantity;
  const filledQty = n(w.filledQty);
  const remaining = typeof w.remainingQuantity === 'number' ? w.remainingQuantity : quantity - filledQty;
  return {
    brokerOrderId: w.orderId,
    exchangeOrderId: w.exchangeOrderId,
    clientOrderId: w.correlationId,
    status: ledgerStatus(w.orderStatus, filledQty),
    brokerStatus: w.orderStatus,
    side: side(w.transactionType),
    segment: w.exchangeSegment,
    securityId: w.securityId,
    tradingSymbol: w.tradingSymbol,
    product: w.productType,
    orderType: w.orderType,
    validity: w.validity,
    quantity,
    filledQty,
    remainingQty: remaining,
    price: n(w.price),
    triggerPrice: n(w.triggerPrice),
    averagePrice: n(w.averageTradedPrice),
    reason: w.omsErrorDescription ?? w.omsErrorCode,
    createdAt: parseIstTime(w.createTime),
    updatedAt: parseIstTime(w.updateTime) ?? parseIstTime(w.exchangeTime),
    raw: w,
  };
}

export function toDhanTrade(w: TradeWire): DhanTrade {
  return {
    brokerOrderId: w.orderId,
    exchangeOrderId: w.exchangeOrderId,
    tradeId: w.exchangeTradeId,
    side: side(w.transactionType),
    segment: w.exchangeSegment,
    securityId: w.securityId,
    tradingSymbol: w.tradingSymbol,
    product: w.productType,
    quantity: w.tradedQuantity,
    price: w.tradedPrice,
    at: parseIstTime(w.exchangeTime) ?? parseIstTime(w.createTime),
    raw: w,
  };
}

export function toDhanPosition(w: PositionWire): DhanPosition {
  return {
    segment: w.exchangeSegment,
    securityId: w.securityId,
    tradingSymbol: w.tradingSymbol,
    product: w.productType,
    netQty: w.netQty,
    buyQty: n(w.buyQty),
    sellQty: n(w.sellQty),
    buyAverage: n(w.buyAvg),
    sellAverage: n(w.sellAvg),
    realizedProfit: n(w.realizedProfit),
    unrealizedProfit: n(w.unrealizedProfit),
  };
}

export function toDhanHolding(w: HoldingWire): DhanHolding {
  return {
    exchange: w.exchange,
    tradingSymbol: w.tradingSymbol,
    securityId: w.securityId,
    isin: w.isin,
    totalQty: w.totalQty,
    availableQty: n(w.availableQty),
    averageCost: n(w.avgCostPrice),
    lastPrice: n(w.lastTradedPrice),
  };
}

export function toDhanFunds(w: FundsWire): DhanFunds {
  return {
    availableBalance: n(w.availabelBalance ?? w.availableBalance),
    startOfDayLimit: n(w.sodLimit),
    collateral: n(w.collateralAmount),
    utilized: n(w.utilizedAmount),
    withdrawable: n(w.withdrawableBalance),
    receivable: n(w.receiveableAmount),
    blockedPayout: n(w.blockedPayoutAmount),
  };
}

export function toDhanProfile(w: ProfileWire): DhanProfile {
  return {
    clientId: w.dhanClientId,
    tokenValidUntil: parseIstTime(w.tokenValidity),
    activeSegments: (w.activeSegment ?? '')
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    dataPlan: w.dataPlan,
    dataValidUntil: w.dataValidity,
  };
}
