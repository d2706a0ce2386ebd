// A WebSocket that stays up: reconnects with exponential backoff and jitter after any close,
// proves the connection alive (server pings, our pings and their pongs, messages), and replaces a
// connection that has gone quiet for `deadAfterMs` — a socket can stay "open" for hours while
// delivering nothing. The URL is rebuilt at every connect so a new token applies on reconnect.
// Callers decide what to send on open (login, subscriptions) and may hold it off (429) or halt it
// (auth refused) until told to start again.
import WebSocket from 'ws';

export type SocketState = 'connecting' | 'open' | 'waiting' | 'halted' | 'stopped';

export interface SupervisedSocketOptions {
  /** For messages: 'market feed', 'order updates'. */
  name: string;
  url: () => string;
  onOpen(send: (text: string) => void): void;
  onMessage(data: Buffer, isBinary: boolean): void;
  onState?(state: SocketState, detail?: string): void;
  /** The server refused the handshake with 401/403. The socket halts. */
  onAuthRefused?(status: number): void;
  /** Every connection after the first (reconcile, resubscribe). */
  onReconnected?(): void;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pingIntervalMs?: number;
  deadAfterMs?: number;
  /** Handshake answered 429: wait this long (default 60 s, Dhan's advice). */
  rateLimitedMs?: number;
}

export interface SupervisedSocket {
  start(): void;
  /** Closes for good (until start()). */
  stop(): Promise<void>;
  /** Drops the current connection and reconnects now (a silent feed, a new token). */
  restart(reason: string): void;
  /** Stops reconnecting until start() (auth refused, account not entitled). */
  halt(reason: string): void;
  /** Waits at least `ms` before the next connect (server said too many connections). */
  holdOff(ms: number, reason: string): void;
  send(text: string): boolean;
  state(): SocketState;
  reconnects(): number;
}

export function createSupervisedSocket(options: SupervisedSocketOptions): SupervisedSocket {
  const base = options.backoffBaseMs ?? 1000;
  const max = options.backoffMaxMs ?? 30_000;
  const pingEvery = options.pingIntervalMs ?? 10_000;
  const deadAfter = options.deadAfterMs ?? 40_000;
  let ws: WebSocket | undefined;
  let state: SocketState = 'stopped';
  let attempt = 0;
  let connections = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let lastAlive = 0;
  let holdUntil = 0;

  const setState = (s: SocketState, detail?: string) => {
    if (s === state && !detail) return;
    state = s;
    options.onState?.(s, detail);
  };

  function clearTimers() {
    clearTimeout(reconnectTimer);
    clearInterval(pingTimer);
    reconnectTimer = pingTimer = undefined;
  }

  function schedule(detail: string) {
    if (state === 'halted' || state === 'stopped') return;
    attempt++;
    const backoff = Math.min(max, base * 2 ** Math.min(attempt - 1, 20)) * (0.5 + Math.random() / 2);
    const wait = Math.max(backoff, holdUntil - Date.now());
    setState('waiting', `${detail}; reconnecting in ${Math.round(wait)} ms`);
    reconnectTimer = setTimeout(connect, wait);
  }

  function connect() {
    clearTimers();
    if (state === 'halted' || state === 'stopped') return;
    setState('connecting');
    const socket = new WebSocket(options.url(), { handshakeTimeout: 10_000 });
    ws = socket;
    let failure = 'connection closed';
    socket.on('open', () => {
      if (ws !== socket) return;
      connections++;
      lastAlive = Date.now();
      setState('open');
      if (connections > 1) options.onReconnected?.();
      options.onOpen((text) => socket.send(text));
      pingTimer = setInterval(() => {
        if (Date.now() - lastAlive > deadAfter) {
          failure = `no message, ping or pong for ${Math.round((Date.now() - lastAlive) / 1000)} s`;
          socket.terminate();
        } else socket.ping();
      }, pingEvery);
    });
    const alive = () => {
      lastAlive = Date.now();
    };
    socket.on('ping', alive);
    socket.on('pong', alive);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      alive();
      attempt = 0;
      if (ws === socket) options.onMessage(data, isBinary);
    });
    socket.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      failure = `handshake refused with HTTP ${status}`;
      res.resume();
      if (status === 401 || status === 403) {
        options.onAuthRefused?.(status);
        halt(`${options.name}: the server refused the token (HTTP ${status})`);
      } else if (status === 429) holdUntil = Date.now() + (options.rateLimitedMs ?? 60_000);
      socket.terminate();
    });
    socket.on('error', (err) => {
      failure = err.message;
    });
    socket.on('close', (code) => {
      if (ws !== socket) return;
      ws = undefined;
      clearInterval(pingTimer);
      schedule(`${options.name}: ${failure}${code && code !== 1006 ? ` (close code ${code})` : ''}`);
    });
  }

  function halt(reason: string) {
    clearTimers();
    setState('halted', reason);
    const s = ws;
    ws = undefined;
    s?.terminate();
  }

  return {
    start() {
      if (state !== 'stopped' && state !== 'halted') return;
      attempt = 0;
      state = 'waiting';
      connect();
    },
    async stop() {
      clearTimers();
      const s = ws;
      ws = undefined;
      setState('stopped');
      if (!s) return;
      await new Promise<void>((resolve) => {
        if (s.readyState === WebSocket.CLOSED) return resolve();
        s.once('close', () => resolve());
        s.close();
        setTimeout(() => (s.terminate(), resolve()), 1000).unref();
      });
    },
    restart(reason) {
      if (state === 'stopped' || state === 'halted') return;
      // A deliberate restart (new token, silent socket) starts the backoff over: a socket waiting
      // out a long backoff from failed attempts with the old token must not keep waiting.
      attempt = 0;
      const s = ws;
      if (!s) {
        clearTimeout(reconnectTimer);
        schedule(`${options.name}: ${reason}`);
        return;
      }
      s.removeAllListeners('close');
      ws = undefined;
      clearInterval(pingTimer);
      s.terminate();
      schedule(`${options.name}: ${reason}`);
    },
    halt,
    holdOff(ms, reason) {
      holdUntil = Math.max(holdUntil, Date.now() + ms);
      if (state === 'stopped' || state === 'halted') return;
      const s = ws;
      if (!s) {
        clearTimeout(reconnectTimer);
        schedule(`${options.name}: ${reason}`);
        return;
      }
      s.removeAllListeners('close');
      ws = undefined;
      clearInterval(pingTimer);
      s.terminate();
      schedule(`${options.name}: ${reason}`);
    },
    send(text) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(text);
      return true;
    },
    state: () => state,
    reconnects: () => Math.max(0, connections - 1),
  };
}
