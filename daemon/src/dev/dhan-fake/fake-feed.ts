// The fake Dhan's market feed (dhan-api.md §7): a WebSocket authenticated by query string,
// JSON subscribe/unsubscribe requests (≤ 100 instruments a message, ≤ 5,000 a connection, ≤ 5
// connections: a 6th drops the oldest with reason 805), binary little-endian packets several to a
// frame, server pings. Faults: a silent feed (connected, pinging, no data), dropped sockets,
// disconnect packets (807 token expired), and a handshake refused with 429.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeBroker } from './fake-broker';
import { disconnectPacket, fullPacket, prevClosePacket, quotePacket, tickerPacket } from './feed-encoder';
import type { TokenAuthority } from './fake-tokens';

const SEGMENT_CODES: Record<string, number> = {
  IDX_I: 0,
  NSE_EQ: 1,
  NSE_FNO: 2,
  NSE_CURRENCY: 3,
  BSE_EQ: 4,
  MCX_COMM: 5,
  BSE_CURRENCY: 7,
  BSE_FNO: 8,
};
const MODE_BY_CODE: Record<number, 'ticker' | 'quote' | 'full'> = { 15: 'ticker', 17: 'quote', 21: 'full' };
const UNSUB_CODES = new Set([16, 18, 22]);

interface FeedClient {
  ws: WebSocket;
  clientId: string;
  openedAt: number;
  subs: Map<string, { segment: number; securityId: number; mode: 'ticker' | 'quote' | 'full' }>;
}

export interface FakeFeedOptions {
  tickMs: number;
  pingMs: number;
  /** Exchange time of the ticks (default the wall clock; tests run a session at any hour). */
  marketClock?: () => number;
}

export function createFakeFeed(deps: {
  broker: FakeBroker;
  tokens: TokenAuthority;
  options: FakeFeedOptions;
}) {
  const { broker, tokens } = deps;
  const wss = new WebSocketServer({ noServer: true });
  const clients: FeedClient[] = [];
  const violations: string[] = [];
  const volume = new Map<number, number>();
  let silent = false;
  let refuseWith = 0;
  let connectionsOpened = 0;

  function price(securityId: number): number {
    const last = broker.price(String(securityId)) ?? 100 + (securityId % 900);
    const next = Math.max(1, Math.round((last + (Math.random() - 0.5) * 0.4) * 20) / 20);
    broker.setPrice(String(securityId), next);
    return next;
  }

  function frameFor(c: FeedClient, t: number): Buffer | undefined {
    const packets: Buffer[] = [];
    for (const s of c.subs.values()) {
      const ltp = price(s.securityId);
      const vol = (volume.get(s.securityId) ?? 0) + 10;
      volume.set(s.securityId, vol);
      const q = {
        ltp,
        ltq: 10,
        ltt: Math.floor(t / 1000),
        atp: ltp,
        volume: vol,
        totalSellQty: 5000,
        totalBuyQty: 6000,
        open: ltp,
        close: 0,
        high: ltp + 1,
        low: ltp - 1,
      };
      if (s.mode === 'ticker') packets.push(tickerPacket(s.segment, s.securityId, ltp, q.ltt));
      else if (s.mode === 'quote') packets.push(quotePacket(s.segment, s.securityId, q));
      else {
        const levels = (side: number) =>
          Array.from({ length: 5 }, (_, i) => ({
            price: ltp + side * 0.05 * (i + 1),
            quantity: 100 * (i + 1),
            orders: i + 1,
          }));
        packets.push(
          fullPacket(s.segment, s.securityId, {
            ...q,
            oi: 0,
            oiDayHigh: 0,
            oiDayLow: 0,
            bids: levels(-1),
            asks: levels(1),
          }),
        );
      }
    }
    return packets.length ? Buffer.concat(packets) : undefined;
  }

  const ticker = setInterval(() => {
    if (silent) return;
    const t = (deps.options.marketClock ?? Date.now)();
    for (const c of clients) {
      const frame = frameFor(c, t);
      if (frame && c.ws.readyState === c.ws.OPEN) c.ws.send(frame);
    }
  }, deps.options.tickMs);
  const pinger = setInterval(() => clients.forEach((c) => c.ws.ping()), deps.options.pingMs);

  function onRequest(c: FeedClient, text: string) {
    let m: {
      RequestCode?: number;
      InstrumentCount?: number;
      InstrumentList?: { ExchangeSegment: string; SecurityId: string }[];
    };
    try {
      m = JSON.parse(text);
    } catch {
      return;
    }
    if (m.RequestCode === 12) return c.ws.close();
    const list = m.InstrumentList ?? [];
    if (list.length > 100) violations.push(`a message with ${list.length} instruments`);
    const mode = MODE_BY_CODE[m.RequestCode ?? 0];
    for (const i of list) {
      const key = `${i.ExchangeSegment}/${i.SecurityId}`;
      if (mode) {
        const seg = SEGMENT_CODES[i.ExchangeSegment];
        if (seg === undefined || typeof i.SecurityId !== 'string') continue;
        c.subs.set(key, { segment: seg, securityId: Number(i.SecurityId), mode });
        const last = broker.price(i.SecurityId) ?? 100 + (Number(i.SecurityId) % 900);
        if (!silent) c.ws.send(prevClosePacket(seg, Number(i.SecurityId), last, 0));
      } else if (UNSUB_CODES.has(m.RequestCode ?? 0)) c.subs.delete(key);
    }
    if (c.subs.size > 5000) violations.push(`a connection with ${c.subs.size} instruments`);
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (refuseWith) {
      socket.end(`HTTP/1.1 ${refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const auth = tokens.check(url.searchParams.get('token') ?? undefined);
      const clientId = url.searchParams.get('clientId') ?? '';
      if (url.searchParams.get('version') !== '2' || url.searchParams.get('authType') !== '2')
        violations.push('a connection without version=2&authType=2');
      if (!auth.ok || auth.clientId !== clientId) {
        ws.send(disconnectPacket(auth.problem === 'expired' ? 807 : 808));
        ws.close();
        return;
      }
      const c: FeedClient = { ws, clientId, openedAt: Date.now(), subs: new Map() };
      connectionsOpened++;
      const mine = clients.filter((x) => x.clientId === clientId);
      if (mine.length >= 5) {
        const oldest = mine[0]!;
        oldest.ws.send(disconnectPacket(805));
        oldest.ws.close();
      }
      clients.push(c);
      ws.on('message', (data, isBinary) => !isBinary && onRequest(c, data.toString()));
      ws.on('close', () => clients.splice(clients.indexOf(c) >>> 0, clients.includes(c) ? 1 : 0));
      ws.on('error', () => undefined);
    });
  }

  return {
    upgrade,
    violations,
    /** Connected, pinging, but no data (the silent-socket fault). */
    silence: (on: boolean) => (silent = on),
    /** Cuts every feed socket without a goodbye. */
    drop: () => clients.slice().forEach((c) => c.ws.terminate()),
    /** Sends a disconnect packet with `reason` and closes. */
    disconnect: (reason: number) =>
      clients.slice().forEach((c) => {
        c.ws.send(disconnectPacket(reason));
        c.ws.close();
      }),
    /** Refuse new handshakes with this HTTP status (0 = accept). */
    refuseHandshakes: (status: number) => (refuseWith = status),
    connections: () => clients.length,
    connectionsOpened: () => connectionsOpened,
    subscribed: () => clients.reduce((n, c) => n + c.subs.size, 0),
    close() {
      clearInterval(ticker);
      clearInterval(pinger);
      for (const c of clients) c.ws.terminate();
      wss.close();
    },
  };
}

export type FakeFeed = ReturnType<typeof createFakeFeed>;
