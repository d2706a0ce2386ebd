// The fake Dhan's order endpoints (dhan-api.md §2): place (with slicing), modify, cancel, the
// order book, one order by id or by correlation id, trades. Answers follow the documented shapes;
// refusals carry Dhan's error body (DH-905 input, DH-906 order error).
import type { FakeBroker, FakeOrder, FakeTrade } from './fake-broker';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const dhanError = (status: number, code: string, type: string, message: string): FakeAnswer => ({
  status,
  body: { errorType: type, errorCode: code, errorMessage: message },
});
const input = (message: string) => dhanError(400, 'DH-905', 'Input_Exception', message);
const orderError = (message: string) => dhanError(400, 'DH-906', 'Order_Error', message);

export interface OrderRouteOptions {
  /** Freeze quantity for slicing (default 1800). */
  freezeQty: number;
  /** How a lookup by unknown correlation id is answered (Dhan does not document it). */
  missingLookup: 'dh905' | 'empty-array' | 'http404';
  /** Fill MARKET orders at once at the last price (the demo); tests fill by hand. */
  fillMarketOrders: boolean;
  /** A reason to reject an order as it is placed (it is created, then REJECTED). */
  rejectReason?: (body: Record<string, unknown>) => string | undefined;
}

export function orderWire(o: FakeOrder, clientId: string) {
  return {
    dhanClientId: clientId,
    orderId: o.orderId,
    exchangeOrderId: o.exchangeOrderId,
    correlationId: o.correlationId ?? null,
    orderStatus: o.orderStatus,
    transactionType: o.transactionType,
    exchangeSegment: o.exchangeSegment,
    productType: o.productType,
    orderType: o.orderType,
    validity: o.validity,
    tradingSymbol: o.tradingSymbol,
    securityId: o.securityId,
    quantity: o.quantity,
    disclosedQuantity: o.disclosedQuantity,
    price: o.price,
    triggerPrice: o.triggerPrice,
    afterMarketOrder: o.afterMarketOrder,
    boProfitValue: 0,
    boStopLossValue: 0,
    legName: null,
    createTime: o.createTime,
    updateTime: o.updateTime,
    exchangeTime: o.filledQty > 0 ? o.updateTime : null,
    drvExpiryDate: null,
    drvOptionType: null,
    drvStrikePrice: 0,
    omsErrorCode: o.omsErrorCode ?? null,
    omsErrorDescription: o.omsErrorDescription ?? null,
    algoId: '',
    remainingQuantity: o.quantity - o.filledQty,
    averageTradedPrice: o.averageTradedPrice,
    filledQty: o.filledQty,
  };
}

export function tradeWire(t: FakeTrade, clientId: string) {
  return {
    dhanClientId: clientId,
    ...t,
    customSymbol: t.tradingSymbol,
    updateTime: t.createTime,
    drvExpiryDate: null,
    drvOptionType: null,
    drvStrikePrice: 0,
  };
}

const ENUMS: Record<string, readonly string[]> = {
  transactionType: ['BUY', 'SELL'],
  exchangeSegment: [
    'NSE_EQ',
    'NSE_FNO',
    'NSE_CURRENCY',
    'BSE_EQ',
    'BSE_FNO',
    'BSE_CURRENCY',
    'MCX_COMM',
    'NSE_COMM',
  ],
  productType: ['CNC', 'INTRADAY', 'MARGIN', 'MTF', 'CO', 'BO'],
  orderType: ['LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_MARKET'],
  validity: ['DAY', 'IOC'],
};

function checkPlace(b: Record<string, unknown>): string | undefined {
  for (const [field, values] of Object.entries(ENUMS))
    if (!values.includes(b[field] as string)) return `${field}: invalid value ${JSON.stringify(b[field])}`;
  if (typeof b.securityId !== 'string' || !/^\d+$/.test(b.securityId)) return 'securityId: invalid';
  if (!Number.isInteger(b.quantity) || (b.quantity as number) <= 0) return 'quantity: invalid';
  if (b.correlationId !== undefined && (typeof b.correlationId !== 'string' || b.correlationId.length > 30))
    return 'correlationId: at most 30 characters';
  const price = Number(b.price ?? 0);
  if ((b.orderType === 'LIMIT' || b.orderType === 'STOP_LOSS') && !(price > 0))
    return 'price: required for LIMIT';
  if (
    (b.orderType === 'STOP_LOSS' || b.orderType === 'STOP_LOSS_MARKET') &&
    !(Number(b.triggerPrice ?? 0) > 0)
  )
    return 'triggerPrice: required for stop-loss orders';
  return undefined;
}

export function createOrderRoutes(broker: FakeBroker, options: OrderRouteOptions) {
  const cid = broker.clientId;

  function place(b: Record<string, unknown>, sliced: boolean): FakeAnswer {
    const problem = checkPlace(b);
    if (problem) return input(problem);
    if (broker.killSwitch()) return orderError('Kill switch is active for the day');
    const quantity = b.quantity as number;
    const slices = sliced ? Math.ceil(quantity / options.freezeQty) : 1;
    broker.notePlace(b.correlationId as string | undefined);
    const created = Array.from({ length: slices }, (_, i) =>
      broker.create({
        correlationId: b.correlationId as string | undefined,
        transactionType: b.transactionType as 'BUY' | 'SELL',
        exchangeSegment: b.exchangeSegment as string,
        productType: b.productType as string,
        orderType: b.orderType as string,
        validity: b.validity as string,
        securityId: b.securityId as string,
        quantity: sliced ? Math.min(options.freezeQty, quantity - i * options.freezeQty) : quantity,
        disclosedQuantity: Number(b.disclosedQuantity ?? 0),
        price: Number(b.price ?? 0),
        triggerPrice: Number(b.triggerPrice ?? 0),
        afterMarketOrder: b.afterMarketOrder === true,
      }),
    );
    const reason = options.rejectReason?.(b);
    for (const o of created) {
      if (reason) broker.end(o.orderId, 'REJECTED', reason);
      else if (options.fillMarketOrders && o.orderType === 'MARKET' && broker.price(o.securityId))
        broker.fill(o.orderId);
    }
    const acks = created.map((o) => ({ orderId: o.orderId, orderStatus: reason ? 'REJECTED' : 'TRANSIT' }));
    return { status: 200, body: sliced ? acks : acks[0] };
  }

  function modify(id: string, b: Record<string, unknown>): FakeAnswer {
    const o = broker.order(id);
    if (!o) return input(`orderId: no order ${id}`);
    if (broker.isTerminal(o)) return orderError(`Order is already ${o.orderStatus}`);
    if (o.modifications >= 25) return orderError('Maximum 25 modifications per order');
    if (Number.isInteger(b.quantity) && (b.quantity as number) > o.filledQty)
      o.quantity = b.quantity as number;
    if (b.price !== undefined) o.price = Number(b.price);
    if (b.triggerPrice !== undefined) o.triggerPrice = Number(b.triggerPrice);
    if (typeof b.orderType === 'string') o.orderType = b.orderType;
    o.modifications++;
    broker.modified(o);
    return { status: 200, body: { orderId: o.orderId, orderStatus: o.orderStatus } };
  }

  function cancel(id: string): FakeAnswer {
    const o = broker.order(id);
    if (!o) return input(`orderId: no order ${id}`);
    if (broker.isTerminal(o)) return orderError(`Order is already ${o.orderStatus}`);
    broker.end(id, 'CANCELLED');
    return { status: 202, body: { orderId: id, orderStatus: 'CANCELLED' } };
  }

  function byCorrelation(id: string): FakeAnswer {
    const found = broker.byCorrelation(id).map((o) => orderWire(o, cid));
    if (found.length === 1) return { status: 200, body: found[0] };
    if (found.length > 1) return { status: 200, body: found };
    if (options.missingLookup === 'empty-array') return { status: 200, body: [] };
    if (options.missingLookup === 'http404')
      return dhanError(404, 'DH-905', 'Input_Exception', `No order for correlation id ${id}`);
    return input(`No order found for correlation id ${id}`);
  }

  /** Routes `${method} ${path}` (path after /v2). Undefined when not an order route. */
  return function route(method: string, path: string, body: Record<string, unknown>): FakeAnswer | undefined {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'orders') {
      if (method === 'POST' && parts.length === 1) return place(body, false);
      if (method === 'POST' && parts[1] === 'slicing' && parts.length === 2) return place(body, true);
      if (method === 'GET' && parts.length === 1)
        return { status: 200, body: broker.orders().map((o) => orderWire(o, cid)) };
      if (method === 'GET' && parts[1] === 'external' && parts.length === 3)
        return byCorrelation(decodeURIComponent(parts[2]!));
      if (parts.length === 2 && method === 'GET') {
        const o = broker.order(parts[1]!);
        return o ? { status: 200, body: orderWire(o, cid) } : input(`orderId: no order ${parts[1]}`);
      }
      if (parts.length === 2 && method === 'PUT') return modify(parts[1]!, body);
      if (parts.length === 2 && method === 'DELETE') return cancel(parts[1]!);
    }
    if (parts[0] === 'trades' && method === 'GET') {
      if (parts.length === 1) return { status: 200, body: broker.trades().map((t) => tradeWire(t, cid)) };
      if (parts.length === 2)
        return {
          status: 200,
          body: broker
            .trades()
            .filter((t) => t.orderId === parts[1])
            .map((t) => tradeWire(t, cid)),
        };
    }
    return undefined;
  };
}
