// Dhan's order-update WebSocket (dhan-api.md §8): log in with a JSON message after the socket
// opens, then receive order_alert messages, parsed into domain OrderUpdates with the raw message
// kept. The socket is supervised (reconnect with backoff, liveness pings); after a reconnect the
// `onReconnected` hook fires so the owner can reconcile from the order book — updates sent while
// the socket was down are gone, and reconciliation is how none of them is lost.
import type { DhanOrderUpdate } from './dhan-order-update';
import { parseOrderUpdate } from './order-update-parse';
import type { DhanCredentials } from './rest-caller';
import { createSupervisedSocket, type SocketState } from './supervised-socket';

export interface OrderUpdateStreamOptions {
  /** wss://api-order-update.dhan.co, or a local server. */
  url: string;
  credentials: () => DhanCredentials;
  onUpdate(update: DhanOrderUpdate): void;
  /** A message that could not be read (kept for the log; never contains the token). */
  onInvalid?(problem: string): void;
  onReconnected?(): void;
  onState?(state: SocketState, detail?: string): void;
  socket?: { backoffBaseMs?: number; backoffMaxMs?: number; pingIntervalMs?: number; deadAfterMs?: number };
}

export function loginMessage(credentials: DhanCredentials): string {
  return JSON.stringify({
    LoginReq: { MsgCode: 42, ClientId: credentials.clientId, Token: credentials.accessToken },
    UserType: 'SELF',
  });
}

export function createOrderUpdateStream(options: OrderUpdateStreamOptions) {
  let received = 0;
  const socket = createSupervisedSocket({
    name: 'order updates',
    url: () => options.url,
    onOpen: (send) => send(loginMessage(options.credentials())),
    onMessage(data) {
      const parsed = parseOrderUpdate(data.toString('utf8'), Date.now());
      if (parsed.kind === 'update') {
        received++;
        options.onUpdate(parsed.update);
      } else if (parsed.kind === 'invalid') options.onInvalid?.(parsed.problem);
    },
    onState: options.onState,
    onReconnected: options.onReconnected,
    ...options.socket,
  });
  return {
    start: () => socket.start(),
    stop: () => socket.stop(),
    /** Logs in again with the current credentials (a new token). */
    restart: (reason: string) =>
      socket.state() === 'halted' || socket.state() === 'stopped' ? socket.start() : socket.restart(reason),
    state: () => socket.state(),
    reconnects: () => socket.reconnects(),
    received: () => received,
  };
}

export type OrderUpdateStream = ReturnType<typeof createOrderUpdateStream>;
