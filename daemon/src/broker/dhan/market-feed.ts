// Dhan's live market feed as a TickSource (../tick-source.ts): up to 5 supervised WebSockets of up
// to 5,000 instruments each, subscriptions in batches of 100 and re-sent in full after every
// reconnect (the server keeps no state), binary frames parsed without allocation into per-
// instrument ticks, and a staleness clock (feed-staleness.ts) that notices a silent feed.
import type { Tick } from '../../core/tick';
import type {
  InstrumentKey,
  StalenessChange,
  TickSource,
  TickSourceStatus,
  TickSubscription,
} from '../tick-source';
import { FEED_CODE, FeedPacket, parseFeedFrame } from './feed-packets';
import { startStalenessClock, type StalenessClockOptions } from './feed-staleness';
import {
  assignConnections,
  DISCONNECT_MESSAGE,
  MAX_CONNECTIONS,
  MAX_PER_CONNECTION,
  subscriptionMessages,
} from './feed-subscriptions';
import { applyPacket, instrumentKey, keyOf, newInstrumentState, type InstrumentState } from './feed-ticks';
import type { DhanCredentials } from './rest-caller';
import { createSupervisedSocket, type SocketState, type SupervisedSocket } from './supervised-socket';

export interface MarketFeedOptions {
  /** wss://api-feed.dhan.co, or a local server. */
  url: string;
  credentials: () => DhanCredentials;
  staleness?: Partial<StalenessClockOptions>;
  /** How LTT is read: epoch seconds (documented) or IST wall clock as epoch seconds. */
  ltt?: 'epoch' | 'ist-epoch';
  maxConnections?: number;
  perConnection?: number;
  socket?: { backoffBaseMs?: number; backoffMaxMs?: number; pingIntervalMs?: number; deadAfterMs?: number };
  /** The feed refused the token (disconnect 807–810 or handshake 401/403). */
  onAuthRefused?(detail: string): void;
  onReconnect?(connection: number): void;
}

interface Connection {
  socket: SupervisedSocket;
  keys: Set<number>;
  lastFrameAt: number;
  detail?: string;
}

/** Feed counters for metrics, read at scrape time. */
export interface FeedStats {
  packets: Record<string, number>;
  frames: number;
  skipped: number;
  reconnects: number;
}

const AUTH_REASONS = new Set([807, 808, 809, 810]);
const PACKET_NAMES: Record<number, string> = {
  1: 'index',
  2: 'ticker',
  4: 'quote',
  5: 'oi',
  6: 'prev_close',
  7: 'market_status',
  8: 'full',
  50: 'disconnect',
};

export function createMarketFeed(options: MarketFeedOptions) {
  const instruments = new Map<number, InstrumentState>();
  const bySymbol = new Map<string, InstrumentState>();
  const connections: Connection[] = [];
  const tickListeners = new Set<(tick: Tick) => void>();
  const staleListeners = new Set<(change: StalenessChange) => void>();
  const packet = new FeedPacket();
  const counts = new Float64Array(256);
  const stats = { frames: 0, skipped: 0 };
  const ist = options.ltt === 'ist-epoch';
  const lttMs = (s: number) => (ist ? s * 1000 - 19_800_000 : s * 1000);
  let current: Connection | undefined;
  let now = Date.now();
  let closed = false;

  function emitStale(change: StalenessChange) {
    for (const l of staleListeners) l(change);
  }

  const sink = (p: FeedPacket) => {
    counts[p.code]++;
    if (p.code === FEED_CODE.DISCONNECT) return disconnected(p.disconnectReason);
    const state = instruments.get(instrumentKey(p.segmentCode, p.securityId));
    if (!state || !applyPacket(state, p, now, lttMs)) return;
    if (state.stale) {
      state.stale = false;
      emitStale({ symbol: state.symbol, stale: false, ageMs: 0 });
    }
    for (const l of tickListeners) l(state.tick);
  };

  function disconnected(reason: number) {
    const conn = current;
    if (!conn) return;
    const detail = `server disconnected the feed with reason ${reason}`;
    conn.detail = detail;
    if (AUTH_REASONS.has(reason)) {
      conn.socket.halt(`${detail} (token expired or invalid)`);
      options.onAuthRefused?.(detail);
    } else if (reason === 806) conn.socket.halt(`${detail}: Data APIs not subscribed`);
    // 805: too many connections; Dhan advises a minute's pause before trying again.
    else if (reason === 805) conn.socket.holdOff(60_000, `${detail} (too many connections)`);
    else conn.socket.restart(detail);
  }

  function openConnection(index: number): Connection {
    const conn: Connection = {
      keys: new Set(),
      lastFrameAt: 0,
      socket: undefined as unknown as SupervisedSocket,
    };
    conn.socket = createSupervisedSocket({
      name: `market feed ${index + 1}`,
      url: () => {
        const { clientId, accessToken } = options.credentials();
        const u = new URL(options.url);
        u.search = new URLSearchParams({
          version: '2',
          token: accessToken,
          clientId,
          authType: '2',
        }).toString();
        return u.toString();
      },
      onOpen(send) {
        conn.lastFrameAt = Date.now();
        conn.detail = undefined;
        const list = [...conn.keys].map((k) => instruments.get(k)!).filter(Boolean);
        for (const m of subscriptionMessages(list, true)) send(m);
      },
      onMessage(data, isBinary) {
        if (!isBinary) return;
        now = Date.now();
        conn.lastFrameAt = now;
        stats.frames++;
        current = conn;
        parseFeedFrame(data, packet, sink);
        stats.skipped += packet.frameSkipped;
        current = undefined;
      },
      onState(state: SocketState, detail) {
        if (detail && state !== 'open') conn.detail = detail;
      },
      onAuthRefused: (status) => options.onAuthRefused?.(`feed handshake refused with HTTP ${status}`),
      onReconnected: () => options.onReconnect?.(index),
      ...options.socket,
    });
    connections[index] = conn;
    return conn;
  }

  const clock = startStalenessClock({
    ...options.staleness,
    instruments: () => instruments.values(),
    connections: () =>
      connections.filter(Boolean).map((c) => ({
        keys: c.keys.size,
        lastFrameAt: c.lastFrameAt,
        open: c.socket.state() === 'open',
        restart: (why: string) => c.socket.restart(why),
      })),
    onChange: emitStale,
  });

  function subscribe(subs: readonly TickSubscription[]) {
    if (closed) return;
    const fresh: { sub: TickSubscription; key: number }[] = [];
    const changed = new Map<number, InstrumentState[]>();
    for (const sub of subs) {
      const key = keyOf(sub.segment, sub.securityId);
      if (key === undefined)
        throw new Error(
          `cannot subscribe ${sub.symbol}: segment ${sub.segment} / security id ${sub.securityId} is not on Dhan's feed`,
        );
      const existing = instruments.get(key);
      if (!existing) {
        if (!fresh.some((f) => f.key === key)) fresh.push({ sub, key });
      } else if ((sub.mode ?? 'quote') !== existing.mode) {
        // Re-subscribing in the new mode; Dhan sends the richer packets from then on.
        const conn = connections[existing.connection]!;
        conn.socket.send(subscriptionMessages([existing], false)[0]!);
        existing.mode = sub.mode ?? 'quote';
        changed.set(existing.connection, [...(changed.get(existing.connection) ?? []), existing]);
      }
    }
    const load = Array.from(
      { length: options.maxConnections ?? MAX_CONNECTIONS },
      (_, i) => connections[i]?.keys.size ?? 0,
    );
    const where = assignConnections(
      load,
      fresh.length,
      options.perConnection ?? MAX_PER_CONNECTION,
      load.length,
    );
    const t = Date.now();
    fresh.forEach(({ sub, key }, i) => {
      const state = newInstrumentState(sub, key, where[i]!, t);
      instruments.set(key, state);
      bySymbol.set(sub.symbol, state);
      const conn = connections[where[i]!] ?? openConnection(where[i]!);
      conn.keys.add(key);
      changed.set(where[i]!, [...(changed.get(where[i]!) ?? []), state]);
    });
    for (const [index, list] of changed) {
      const conn = connections[index]!;
      if (conn.socket.state() === 'stopped') conn.socket.start();
      else for (const m of subscriptionMessages(list, true)) conn.socket.send(m);
    }
  }

  function unsubscribe(keys: readonly InstrumentKey[]) {
    const byConn = new Map<number, InstrumentState[]>();
    for (const k of keys) {
      const key = keyOf(k.segment, k.securityId);
      const state = key === undefined ? undefined : instruments.get(key);
      if (!state) continue;
      instruments.delete(state.key);
      if (bySymbol.get(state.symbol) === state) bySymbol.delete(state.symbol);
      connections[state.connection]?.keys.delete(state.key);
      byConn.set(state.connection, [...(byConn.get(state.connection) ?? []), state]);
    }
    for (const [index, list] of byConn) {
      const conn = connections[index]!;
      for (const m of subscriptionMessages(list, false)) conn.socket.send(m);
    }
  }

  function status(): TickSourceStatus {
    const live = connections.filter((c) => c && c.keys.size > 0);
    const open = live.filter((c) => c.socket.state() === 'open').length;
    const staleSymbols = [...instruments.values()].filter((s) => s.stale).map((s) => s.symbol);
    const base = { connections: open, subscribed: instruments.size, staleSymbols };
    if (closed || live.length === 0) return { state: 'idle', ...base };
    if (open === 0) {
      const connecting = live.every((c) => c.socket.state() === 'connecting');
      return {
        state: connecting ? 'connecting' : 'down',
        detail:
          live
            .map((c) => c.detail)
            .filter(Boolean)
            .join('; ') || undefined,
        ...base,
      };
    }
    if (open < live.length || staleSymbols.length > 0) {
      const parts = [
        open < live.length ? `${live.length - open} of ${live.length} connections down` : '',
        staleSymbols.length ? `${staleSymbols.length} stale symbols` : '',
      ];
      return { state: 'degraded', detail: parts.filter(Boolean).join(', '), ...base };
    }
    return { state: 'live', ...base };
  }

  const source: TickSource & {
    stats(): FeedStats;
    /** Every subscribed symbol's last-tick age (since subscribing when it never ticked). */
    tickAges(): { symbol: string; ageMs: number; stale: boolean }[];
    /** Reconnects every connection (a new token), starting halted ones again. */
    reconnect(reason: string): void;
  } = {
    subscribe,
    unsubscribe,
    onTick(listener) {
      tickListeners.add(listener);
      return () => tickListeners.delete(listener);
    },
    onStaleness(listener) {
      staleListeners.add(listener);
      return () => staleListeners.delete(listener);
    },
    isStale: (symbol) => bySymbol.get(symbol)?.stale ?? false,
    status,
    stats: () => ({
      packets: Object.fromEntries(
        Object.entries(PACKET_NAMES).map(([code, name]) => [name, counts[Number(code)]!]),
      ),
      frames: stats.frames,
      skipped: stats.skipped,
      reconnects: connections.reduce((n, c) => n + (c?.socket.reconnects() ?? 0), 0),
    }),
    tickAges() {
      const t = Date.now();
      return [...instruments.values()].map((s) => ({
        symbol: s.symbol,
        ageMs: t - (s.lastTickAt || s.subscribedAt),
        stale: s.stale,
      }));
    },
    reconnect(reason) {
      for (const c of connections) {
        if (!c || c.keys.size === 0) continue;
        if (c.socket.state() === 'halted') c.socket.start();
        else c.socket.restart(reason);
      }
    },
    async close() {
      closed = true;
      clock.stop();
      await Promise.all(
        connections.filter(Boolean).map(async (c) => {
          c.socket.send(DISCONNECT_MESSAGE);
          await c.socket.stop();
        }),
      );
    },
  };
  return source;
}

export type DhanMarketFeed = ReturnType<typeof createMarketFeed>;
