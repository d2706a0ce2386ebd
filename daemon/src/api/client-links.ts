// tRPC links for QuantTrade clients, shared by the Node client (api/client.ts) and the console:
// queries and mutations over HTTP (batched), subscriptions over one WebSocket opened lazily.
// The token goes in the Authorization header over HTTP and in connectionParams over WebSocket.
// No runtime import of `ws` here, so browsers can use it with their own WebSocket.
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  wsLink,
  type Operation,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import type { AppRouter } from './router';

/**
 * The longest URL a batched GET may have. A batch puts every call's path and input in the URL
 * (/trpc/a,b,c?batch=1&input=…); longer batches are split into several requests. 4 KiB passes
 * the request-line limits of common reverse proxies (nginx: 8 KiB) and the daemon's own
 * (api/server.ts allows longer).
 */
export const MAX_URL_LENGTH = 4096;

/**
 * The most calls one batched request may carry. The server refuses larger batches whole
 * (api/server.ts); the client splits its batches to fit.
 */
export const MAX_BATCH_SIZE = 50;

/** Would this query, alone in a batch, fit in a GET URL? Mutations always go as POST. */
function fitsInUrl(op: Operation, url: string): boolean {
  if (op.type !== 'query' || op.input === undefined) return true;
  const input = encodeURIComponent(JSON.stringify({ 0: op.input }));
  return url.length + op.path.length + input.length + '/?batch=1&input='.length <= MAX_URL_LENGTH;
}

/**
 * Queries and mutations over HTTP, batched: GET for queries, split so that no URL exceeds
 * MAX_URL_LENGTH; a query whose input alone is too long goes as POST (the server allows the
 * override), where tRPC would otherwise fail it.
 */
export function httpLinks(options: { url: string; token: () => string | undefined }): TRPCLink<AppRouter> {
  const batch = {
    url: options.url,
    maxURLLength: MAX_URL_LENGTH,
    maxItems: MAX_BATCH_SIZE,
    headers: (): Record<string, string> => {
      const token = options.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  };
  return splitLink({
    condition: (op) => fitsInUrl(op, options.url),
    true: httpBatchLink(batch),
    false: httpBatchLink({ ...batch, methodOverride: 'POST' }),
  });
}

export interface ClientOptions {
  /** The daemon's base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** An API token (qtk_…) or a session token from auth.login; a function to read the latest. */
  token?: string | (() => string | undefined);
  /** The WebSocket class (browsers: globalThis.WebSocket; Node 20: the `ws` package). */
  WebSocket: typeof globalThis.WebSocket;
  /** Called when the subscription socket opens or closes (the console shows it). */
  onSocketState?: (state: 'open' | 'closed') => void;
}

export interface QuantTradeClient {
  api: TRPCClient<AppRouter>;
  /** Closes the subscription socket, if one was opened. */
  close(): void;
}

function readToken(token: ClientOptions['token']): string | undefined {
  return typeof token === 'function' ? token() : token;
}

export function createClientWith(options: ClientOptions): QuantTradeClient {
  const base = options.url.replace(/\/+$/, '');
  const wsUrl = `${base.replace(/^http/, 'ws')}/trpc`;
  const wsClient = createWSClient({
    url: wsUrl,
    WebSocket: options.WebSocket,
    lazy: { enabled: true, closeMs: 10_000 },
    connectionParams: () => {
      const token = readToken(options.token);
      return token ? { token } : {};
    },
    onOpen: () => options.onSocketState?.('open'),
    onClose: () => options.onSocketState?.('closed'),
  });
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpLinks({ url: `${base}/trpc`, token: () => readToken(options.token) }),
      }),
    ],
  });
  return { api, close: () => void wsClient.close() };
}
