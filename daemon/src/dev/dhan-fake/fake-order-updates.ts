// The fake Dhan's order-update socket (dhan-api.md §8): the client logs in with
// {"LoginReq": {"MsgCode": 42, "ClientId", "Token"}, "UserType": "SELF"}; every change of an order
// is then pushed as {"Type": "order_alert", "Data": {…}} with the documented PascalCase fields.
// Faults: dropped sockets (updates sent meanwhile are lost, as on the real socket).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { istWall, type FakeBroker, type FakeOrder, type FakeTrade } from './fake-broker';
import type { TokenAuthority } from './fake-tokens';

const PRODUCT_LETTER: Record<string, string> = {
  CNC: 'C',
  INTRADAY: 'I',
  MARGIN: 'M',
  MTF: 'F',
  CO: 'V',
  BO: 'B',
};
const TYPE_CODE: Record<string, string> = {
  LIMIT: 'LMT',
  MARKET: 'MKT',
  STOP_LOSS: 'SL',
  STOP_LOSS_MARKET: 'SLM',
};
// The documentation's sample spells statuses in title case ("Cancelled"); so does the fake.
const TITLE: Record<string, string> = {
  TRANSIT: 'Transit',
  PENDING: 'Pending',
  PART_TRADED: 'Part_Traded',
  TRADED: 'Traded',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
};

export function orderAlert(o: FakeOrder, clientId: string, fill?: FakeTrade) {
  const [exchange, seg] = o.exchangeSegment.split('_');
  return {
    Type: 'order_alert',
    Data: {
      Exchange: exchange,
      Segment: seg === 'EQ' ? 'E' : seg === 'FNO' ? 'D' : seg === 'CURRENCY' ? 'C' : 'M',
      Source: 'P',
      SecurityId: o.securityId,
      ClientId: clientId,
      ExchOrderNo: o.exchangeOrderId,
      OrderNo: o.orderId,
      Product: PRODUCT_LETTER[o.productType] ?? o.productType,
      TxnType: o.transactionType === 'BUY' ? 'B' : 'S',
      OrderType: TYPE_CODE[o.orderType] ?? o.orderType,
      Validity: o.validity,
      DiscQuantity: o.disclosedQuantity,
      DiscQtyRem: o.disclosedQuantity,
      RemainingQuantity: o.quantity - o.filledQty,
      Quantity: o.quantity,
      TradedQty: o.filledQty,
      Price: o.price,
      TriggerPrice: o.triggerPrice,
      TradedPrice: fill?.tradedPrice ?? 0,
      AvgTradedPrice: o.averageTradedPrice,
      AlgoOrdNo: '',
      OffMktFlag: o.afterMarketOrder ? '1' : '0',
      OrderDateTime: o.createTime,
      ExchOrderTime: o.updateTime,
      LastUpdatedTime: o.updateTime,
      Remarks: 'NA',
      MktType: 'NL',
      ReasonDescription: o.omsErrorDescription ?? 'CONFIRMED',
      LegNo: 1,
      Instrument: 'EQUITY',
      Symbol: o.tradingSymbol,
      ProductName: o.productType,
      Status: TITLE[o.orderStatus] ?? o.orderStatus,
      LotSize: 1,
      ExpiryDate: '0001-01-01 00:00:00',
      OptType: 'XX',
      DisplayName: o.tradingSymbol,
      Isin: 'NA',
      Series: 'EQ',
      GoodTillDaysDate: istWall(Date.now()).slice(0, 10),
      RefLtp: 0,
      TickSize: 0.05,
      AlgoId: '0',
      Multiplier: 1,
      CorrelationId: o.correlationId ?? '',
    },
  };
}

export function createFakeOrderUpdates(deps: { broker: FakeBroker; tokens: TokenAuthority; pingMs: number }) {
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  let pushed = 0;
  const unsubscribe = deps.broker.onChange((o, fill) => {
    const text = JSON.stringify(orderAlert(o, deps.broker.clientId, fill));
    for (const ws of sockets) {
      ws.send(text);
      pushed++;
    }
  });
  const pinger = setInterval(() => sockets.forEach((s) => s.ping()), deps.pingMs);

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      ws.once('message', (data) => {
        let login: { LoginReq?: { MsgCode?: number; ClientId?: string; Token?: string }; UserType?: string };
        try {
          login = JSON.parse(data.toString());
        } catch {
          return ws.close(4000, 'login expected');
        }
        const auth = deps.tokens.check(login.LoginReq?.Token);
        if (login.LoginReq?.MsgCode !== 42 || !auth.ok || auth.clientId !== login.LoginReq?.ClientId)
          return ws.close(4001, 'login refused');
        sockets.add(ws);
        ws.send(JSON.stringify({ Type: 'login_response', Data: { Status: 'Success' } }));
        ws.on('close', () => sockets.delete(ws));
      });
    });
  }

  return {
    upgrade,
    connections: () => sockets.size,
    pushed: () => pushed,
    /** Cuts every order-update socket. */
    drop: () => [...sockets].forEach((s) => (sockets.delete(s), s.terminate())),
    close() {
      unsubscribe();
      clearInterval(pinger);
      for (const s of sockets) s.terminate();
      wss.close();
    },
  };
}

export type FakeOrderUpdates = ReturnType<typeof createFakeOrderUpdates>;
