// The paper venue's books in SQL (sql/013 paper_orders, paper_trades, paper_positions) and how
// its rows look to a client: Dhan-shaped payloads (order book / trade book fields), so the raw
// payloads the ledger stores read like a real venue's.
import type { Exchange, ExchangeSegment, InstrumentKind } from '../../core/instrument';
import type { BrokerOrderType, BrokerProduct, Validity } from '../../core/order-lifecycle';
import { istIsoString } from '../../core/time';
import type { Pool, PoolClient } from '../../db/pool';
import type { BrokerInstrumentRef, BrokerOrder, BrokerOrderStatus, BrokerTrade } from '../broker-link';

type Queryable = Pool | PoolClient;

/** Dhan's status words for the venue statuses (dhan-api.md §2). */
export const VENUE_STATUS: Record<BrokerOrderStatus, string> = {
  open: 'PENDING',
  partially_filled: 'PART_TRADED',
  filled: 'TRADED',
  cancelled: 'CANCELLED',
  rejected: 'REJECTED',
  expired: 'EXPIRED',
};

export interface PaperInstrument {
  id: number;
  symbol: string;
  exchange: Exchange;
  segment: ExchangeSegment;
  kind: InstrumentKind;
  securityId: string | null;
  tickSize: number;
  lotSize: number;
  freezeQty: number | null;
}

export const brokerOrderId = (id: number) => `P${id}`;
export const tradeId = (id: number) => `PT${id}`;

export function parseBrokerOrderId(text: string): number | undefined {
  const m = /^P(\d{1,15})$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface PaperOrderRow {
  id: number;
  client_order_id: string;
  instrument_id: number;
  side: 'buy' | 'sell';
  qty: number;
  filled_qty: number;
  filled_value: string;
  order_type: BrokerOrderType;
  product: BrokerProduct;
  validity: Validity;
  limit_price: string | null;
  trigger_price: string | null;
  status: BrokerOrderStatus;
  reason: string | null;
  accepted: boolean;
  triggered: boolean;
  session_date: string;
  placed_at: Date;
  updated_at: Date;
  modifications: number;
}

export const PAPER_ORDER_COLUMNS = `id, client_order_id, instrument_id, side, qty, filled_qty, filled_value::text AS filled_value,
  order_type, product, validity, limit_price::text AS limit_price, trigger_price::text AS trigger_price, status, reason,
  accepted, triggered, session_date::text AS session_date, placed_at, updated_at, modifications`;

export function instrumentRefOf(i: PaperInstrument): BrokerInstrumentRef {
  return {
    symbol: i.symbol,
    exchange: i.exchange,
    segment: i.segment,
    ...(i.securityId ? { securityId: i.securityId } : {}),
  };
}

/** A row as a client sees it; `over` replaces fields (an update's snapshot at a given moment). */
export function toBrokerOrder(
  r: PaperOrderRow,
  instrument: PaperInstrument,
  over: Partial<Pick<PaperOrderRow, 'status' | 'filled_qty' | 'filled_value' | 'reason' | 'updated_at'>> = {},
): BrokerOrder {
  const row = { ...r, ...over };
  const filledValue = Number(row.filled_value);
  const avgPrice = row.filled_qty > 0 ? Math.round((filledValue / row.filled_qty) * 10_000) / 10_000 : NaN;
  const venueStatus = VENUE_STATUS[row.status];
  const raw = {
    orderId: brokerOrderId(row.id),
    correlationId: row.client_order_id,
    orderStatus: venueStatus,
    transactionType: row.side === 'buy' ? 'BUY' : 'SELL',
    exchangeSegment: instrument.segment,
    productType: row.product,
    orderType: row.order_type,
    validity: row.validity,
    tradingSymbol: instrument.symbol,
    securityId: instrument.securityId,
    quantity: row.qty,
    filledQty: row.filled_qty,
    remainingQuantity: row.qty - row.filled_qty,
    price: row.limit_price === null ? 0 : Number(row.limit_price),
    triggerPrice: row.trigger_price === null ? 0 : Number(row.trigger_price),
    averageTradedPrice: avgPrice === avgPrice ? avgPrice : 0,
    omsErrorDescription: row.reason,
    createTime: istIsoString(row.placed_at.getTime()),
    updateTime: istIsoString(row.updated_at.getTime()),
  };
  return {
    brokerOrderId: brokerOrderId(row.id),
    clientOrderId: row.client_order_id,
    instrument: instrumentRefOf(instrument),
    side: row.side,
    qty: row.qty,
    filledQty: row.filled_qty,
    avgPrice,
    orderType: row.order_type,
    product: row.product,
    validity: row.validity,
    ...(row.limit_price !== null ? { limitPrice: Number(row.limit_price) } : {}),
    ...(row.trigger_price !== null ? { triggerPrice: Number(row.trigger_price) } : {}),
    status: row.status,
    ...(row.reason ? { reason: row.reason } : {}),
    venueStatus,
    updatedAt: row.updated_at.getTime(),
    raw,
  };
}

export interface PaperTradeRow {
  id: number;
  order_id: number;
  client_order_id: string;
  instrument_id: number;
  side: 'buy' | 'sell';
  product: BrokerProduct;
  order_type: BrokerOrderType;
  qty: number;
  price: string;
  charges: string;
  traded_at: Date;
}

export function toBrokerTrade(t: PaperTradeRow, instrument: PaperInstrument): BrokerTrade {
  return {
    tradeId: tradeId(t.id),
    brokerOrderId: brokerOrderId(t.order_id),
    clientOrderId: t.client_order_id,
    instrument: instrumentRefOf(instrument),
    side: t.side,
    qty: t.qty,
    price: Number(t.price),
    time: t.traded_at.getTime(),
    raw: {
      orderId: brokerOrderId(t.order_id),
      exchangeTradeId: tradeId(t.id),
      correlationId: t.client_order_id,
      transactionType: t.side === 'buy' ? 'BUY' : 'SELL',
      exchangeSegment: instrument.segment,
      productType: t.product,
      orderType: t.order_type,
      tradingSymbol: instrument.symbol,
      securityId: instrument.securityId,
      tradedQuantity: t.qty,
      tradedPrice: Number(t.price),
      charges: Number(t.charges),
      exchangeTime: istIsoString(t.traded_at.getTime()),
    },
  };
}

export const TRADE_SELECT = `SELECT t.id, t.order_id, o.client_order_id, o.instrument_id, o.side, o.product, o.order_type, t.qty,
    t.price::text AS price, t.charges::text AS charges, t.traded_at
  FROM paper_trades t JOIN paper_orders o ON o.id = t.order_id`;

export async function loadInstruments(
  db: Queryable,
  where: string,
  params: unknown[],
): Promise<PaperInstrument[]> {
  const { rows } = await db.query<{
    id: number;
    symbol: string;
    exchange: Exchange;
    segment: ExchangeSegment;
    kind: InstrumentKind;
    security_id: string | null;
    tick_size: number;
    lot_size: number;
    freeze_qty: number | null;
  }>(
    `SELECT id, symbol, exchange, segment, kind, security_id, tick_size::float8 AS tick_size, lot_size, freeze_qty
       FROM instruments WHERE ${where}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    symbol: r.symbol,
    exchange: r.exchange,
    segment: r.segment,
    kind: r.kind,
    securityId: r.security_id,
    tickSize: r.tick_size,
    lotSize: r.lot_size,
    freezeQty: r.freeze_qty,
  }));
}
