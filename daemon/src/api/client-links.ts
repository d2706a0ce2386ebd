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
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter } from './router';

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
        false: httpBatchLink({
          url: `${base}/trpc`,
          headers: () => {
            const token = readToken(options.token);
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
  return { api, close: () => void wsClient.close() };
}
