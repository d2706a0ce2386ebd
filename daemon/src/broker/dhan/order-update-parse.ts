// Dhan order-update messages (dhan-api.md §8) → domain OrderUpdates (../order-update.ts).
// Messages are {"Type": "order_alert", "Data": {…PascalCase fields…}}; other Types (login acks)
// are ignored. Status words vary in case ("Cancelled", "TRADED"); numbers may be strings.
import type { DhanOrderUpdate } from './dhan-order-update';
import { ledgerStatus, normaliseDhanStatus, segmentOf } from './dhan-enums';
import { parseIstTime } from './dhan-parse';
import { ORDER_TYPE_BY_CODE, PRODUCT_BY_LETTER } from './dhan-enums';

type Json = Record<string, unknown>;

export type OrderUpdateParse =
  | { kind: 'update'; update: DhanOrderUpdate }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; problem: string };

function text(d: Json, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = d[k];
    if (typeof v === 'string' && v.trim() !== '' && v !== 'NA') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

function num(d: Json, key: string): number | undefined {
  const v = d[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Parses one message (text of a WebSocket frame). */
export function parseOrderUpdate(message: string, receivedAt: number): OrderUpdateParse {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { kind: 'invalid', problem: `not JSON: "${message.slice(0, 80)}"` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { kind: 'invalid', problem: 'not an object' };
  const m = json as Json;
  const type = typeof m.Type === 'string' ? m.Type : '';
  if (type !== 'order_alert') return { kind: 'ignored', type: type || '(no Type)' };
  if (!m.Data || typeof m.Data !== 'object' || Array.isArray(m.Data))
    return { kind: 'invalid', problem: 'Data: expected an object' };
  const d = m.Data as Json;
  const brokerOrderId = text(d, 'OrderNo', 'orderNo');
  if (!brokerOrderId)
    return {
      kind: 'invalid',
      problem: `Data.OrderNo: got ${JSON.stringify(d.OrderNo)}, expected an order number`,
    };
  const brokerStatus = text(d, 'Status', 'status');
  if (!brokerStatus)
    return {
      kind: 'invalid',
      problem: `Data.Status: got ${JSON.stringify(d.Status)}, expected an order status`,
    };
  const quantity = num(d, 'Quantity') ?? 0;
  const filledQty = num(d, 'TradedQty') ?? 0;
  const txn = text(d, 'TxnType');
  const product = text(d, 'Product');
  const orderType = text(d, 'OrderType');
  const update: DhanOrderUpdate = {
    brokerOrderId,
    exchangeOrderId: text(d, 'ExchOrderNo'),
    clientOrderId: text(d, 'CorrelationId', 'correlationId'),
    status: ledgerStatus(brokerStatus, filledQty),
    brokerStatus: normaliseDhanStatus(brokerStatus),
    side: txn === 'B' ? 'buy' : txn === 'S' ? 'sell' : undefined,
    segment: segmentOf(text(d, 'Exchange'), text(d, 'Segment')),
    securityId: text(d, 'SecurityId'),
    tradingSymbol: text(d, 'Symbol', 'DisplayName'),
    product: product ? (PRODUCT_BY_LETTER[product] ?? product) : undefined,
    orderType: orderType ? (ORDER_TYPE_BY_CODE[orderType] ?? orderType) : undefined,
    validity: text(d, 'Validity'),
    quantity,
    filledQty,
    remainingQty: num(d, 'RemainingQuantity') ?? Math.max(0, quantity - filledQty),
    price: num(d, 'Price') ?? 0,
    triggerPrice: num(d, 'TriggerPrice') ?? 0,
    averagePrice: num(d, 'AvgTradedPrice') ?? 0,
    lastFillPrice: num(d, 'TradedPrice') || undefined,
    reason: text(d, 'ReasonDescription'),
    afterMarket: text(d, 'OffMktFlag') === '1',
    updatedAt: parseIstTime(text(d, 'LastUpdatedTime', 'ExchOrderTime', 'OrderDateTime')),
    receivedAt,
    source: text(d, 'Source'),
    raw: m,
  };
  return { kind: 'update', update };
}
