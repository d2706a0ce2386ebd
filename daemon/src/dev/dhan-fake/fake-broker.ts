// The fake Dhan's book: orders, trades, positions and funds of one account, with the life cycle
// the documentation describes (TRANSIT → PENDING → PART_TRADED → TRADED | CANCELLED | REJECTED |
// EXPIRED). Tests drive fills and rejections; the demo fills market orders at the last price.
// Every change is announced (the order-update socket pushes it). Orders are counted per
// correlation id: a duplicate is a test failure the fake makes visible.

export interface FakeOrder {
  orderId: string;
  exchangeOrderId: string;
  correlationId?: string;
  orderStatus: string;
  transactionType: 'BUY' | 'SELL';
  exchangeSegment: string;
  productType: string;
  orderType: string;
  validity: string;
  securityId: string;
  tradingSymbol: string;
  quantity: number;
  disclosedQuantity: number;
  price: number;
  triggerPrice: number;
  afterMarketOrder: boolean;
  filledQty: number;
  averageTradedPrice: number;
  omsErrorCode?: string;
  omsErrorDescription?: string;
  createTime: string;
  updateTime: string;
  modifications: number;
}

export interface FakeTrade {
  orderId: string;
  exchangeOrderId: string;
  exchangeTradeId: string;
  transactionType: 'BUY' | 'SELL';
  exchangeSegment: string;
  productType: string;
  orderType: string;
  tradingSymbol: string;
  securityId: string;
  tradedQuantity: number;
  tradedPrice: number;
  createTime: string;
  exchangeTime: string;
}

const TERMINAL = new Set(['TRADED', 'CANCELLED', 'REJECTED', 'EXPIRED']);

export function istWall(ms: number): string {
  return new Date(ms + 19_800_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function createFakeBroker(options: {
  clientId: string;
  now?: () => number;
  symbols?: Record<string, string>;
}) {
  const now = options.now ?? Date.now;
  const orders = new Map<string, FakeOrder>();
  const trades: FakeTrade[] = [];
  const listeners = new Set<(o: FakeOrder, lastFill?: FakeTrade) => void>();
  const lastPrice = new Map<string, number>();
  let nextOrder = 1;
  let nextTrade = 1;
  let killSwitch = false;
  /** Place requests the broker accepted, per correlation id (a sliced place counts once). */
  const places = new Map<string, number>();

  const changed = (o: FakeOrder, fill?: FakeTrade) => {
    o.updateTime = istWall(now());
    for (const l of listeners) l(o, fill);
  };

  function create(
    fields: Omit<
      FakeOrder,
      | 'orderId'
      | 'exchangeOrderId'
      | 'orderStatus'
      | 'filledQty'
      | 'averageTradedPrice'
      | 'createTime'
      | 'updateTime'
      | 'modifications'
      | 'tradingSymbol'
    >,
  ): FakeOrder {
    const id = String(52_000_000_000 + nextOrder++);
    const t = istWall(now());
    const order: FakeOrder = {
      ...fields,
      orderId: id,
      exchangeOrderId: `1100000${id.slice(-8)}`,
      orderStatus: 'TRANSIT',
      tradingSymbol: options.symbols?.[fields.securityId] ?? `SEC${fields.securityId}`,
      filledQty: 0,
      averageTradedPrice: 0,
      createTime: t,
      updateTime: t,
      modifications: 0,
    };
    orders.set(id, order);
    changed(order);
    order.orderStatus = 'PENDING';
    changed(order);
    return order;
  }

  function fill(orderId: string, qty?: number, price?: number): FakeTrade {
    const o = orders.get(orderId);
    if (!o || TERMINAL.has(o.orderStatus))
      throw new Error(`order ${orderId} cannot fill (${o?.orderStatus ?? 'unknown'})`);
    const q = Math.min(qty ?? o.quantity - o.filledQty, o.quantity - o.filledQty);
    const p = price ?? (o.price > 0 ? o.price : (lastPrice.get(o.securityId) ?? 100));
    o.averageTradedPrice = (o.averageTradedPrice * o.filledQty + p * q) / (o.filledQty + q);
    o.filledQty += q;
    o.orderStatus = o.filledQty === o.quantity ? 'TRADED' : 'PART_TRADED';
    const t = istWall(now());
    const trade: FakeTrade = {
      orderId: o.orderId,
      exchangeOrderId: o.exchangeOrderId,
      exchangeTradeId: String(7_000_000 + nextTrade++),
      transactionType: o.transactionType,
      exchangeSegment: o.exchangeSegment,
      productType: o.productType,
      orderType: o.orderType,
      tradingSymbol: o.tradingSymbol,
      securityId: o.securityId,
      tradedQuantity: q,
      tradedPrice: p,
      createTime: t,
      exchangeTime: t,
    };
    trades.push(trade);
    changed(o, trade);
    return trade;
  }

  function end(orderId: string, status: 'CANCELLED' | 'REJECTED' | 'EXPIRED', reason?: string): FakeOrder {
    const o = orders.get(orderId);
    if (!o || TERMINAL.has(o.orderStatus))
      throw new Error(`order ${orderId} cannot end (${o?.orderStatus ?? 'unknown'})`);
    o.orderStatus = status;
    if (reason) {
      o.omsErrorCode = 'RMS';
      o.omsErrorDescription = reason;
    }
    changed(o);
    return o;
  }

  function positions() {
    const by = new Map<
      string,
      { o: FakeOrder; buy: number; sell: number; buyValue: number; sellValue: number }
    >();
    for (const t of trades) {
      const key = `${t.exchangeSegment}/${t.securityId}/${t.productType}`;
      const p = by.get(key) ?? { o: orders.get(t.orderId)!, buy: 0, sell: 0, buyValue: 0, sellValue: 0 };
      if (t.transactionType === 'BUY') {
        p.buy += t.tradedQuantity;
        p.buyValue += t.tradedQuantity * t.tradedPrice;
      } else {
        p.sell += t.tradedQuantity;
        p.sellValue += t.tradedQuantity * t.tradedPrice;
      }
      by.set(key, p);
    }
    return [...by.values()].map((p) => {
      const net = p.buy - p.sell;
      return {
        dhanClientId: options.clientId,
        tradingSymbol: p.o.tradingSymbol,
        securityId: p.o.securityId,
        positionType: net > 0 ? 'LONG' : net < 0 ? 'SHORT' : 'CLOSED',
        exchangeSegment: p.o.exchangeSegment,
        productType: p.o.productType,
        buyAvg: p.buy ? p.buyValue / p.buy : 0,
        buyQty: p.buy,
        sellAvg: p.sell ? p.sellValue / p.sell : 0,
        sellQty: p.sell,
        netQty: net,
        costPrice: p.buy ? p.buyValue / p.buy : 0,
        realizedProfit:
          Math.min(p.buy, p.sell) * ((p.sell ? p.sellValue / p.sell : 0) - (p.buy ? p.buyValue / p.buy : 0)),
        unrealizedProfit: 0,
        multiplier: 1,
        dayBuyQty: p.buy,
        daySellQty: p.sell,
        drvExpiryDate: null,
        drvOptionType: null,
        drvStrikePrice: 0,
      };
    });
  }

  return {
    clientId: options.clientId,
    create,
    fill,
    end,
    positions,
    orders: () => [...orders.values()],
    order: (id: string) => orders.get(id),
    byCorrelation: (id: string) => [...orders.values()].filter((o) => o.correlationId === id),
    trades: () => [...trades],
    isTerminal: (o: FakeOrder) => TERMINAL.has(o.orderStatus),
    /** Counts an accepted place request (one per place, however many slices it made). */
    notePlace(correlationId: string | undefined) {
      if (correlationId) places.set(correlationId, (places.get(correlationId) ?? 0) + 1);
    },
    /** How many place requests for this correlation id the broker accepted. */
    placesOf: (correlationId: string) => places.get(correlationId) ?? 0,
    /** Correlation ids placed more than once: each is an order sent twice. */
    duplicates: () => [...places].filter(([, n]) => n > 1).map(([id]) => id),
    setPrice: (securityId: string, price: number) => lastPrice.set(securityId, price),
    price: (securityId: string) => lastPrice.get(securityId),
    onChange(listener: (o: FakeOrder, fill?: FakeTrade) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    killSwitch: () => killSwitch,
    setKillSwitch: (on: boolean) => (killSwitch = on),
    /** Announces a change made in place (a modification), as Dhan's order-update socket does. */
    modified(o: FakeOrder) {
      changed(o);
    },
    /** Expires every working DAY order (end of session). */
    expireDay() {
      for (const o of orders.values())
        if (!TERMINAL.has(o.orderStatus) && o.validity === 'DAY') end(o.orderId, 'EXPIRED');
    },
  };
}

export type FakeBroker = ReturnType<typeof createFakeBroker>;
