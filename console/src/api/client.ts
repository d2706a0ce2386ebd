// The console's one tRPC client, typed by the daemon's AppRouter: queries and mutations go over
// HTTP (batched), subscriptions over the WebSocket at /trpc. The session token is read at call
// time: as a bearer header over HTTP, as connectionParams on the socket. The socket opens only
// while a subscription needs it, and reconnects (resubscribing) by itself after a daemon restart.
import {
  createTRPCClient,
  createWSClient,
  getUntypedClient,
  splitLink,
  wsLink,
  type TRPCLink,
} from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import { httpLinks } from '../../../daemon/src/api/client-links';
import type { AppRouter } from '../../../daemon/src/api/router';
import { getSession, setSession } from './session';

export type SocketState = 'idle' | 'connecting' | 'open';

const origin = location.origin.replace(/^http/, 'ws');
const wsClient = createWSClient({
  url: `${origin}/trpc`,
  connectionParams: () => ({ token: getSession()?.token }),
  // The socket opens for the first subscription and closes 5 s after the last one ends.
  lazy: { enabled: true, closeMs: 5_000 },
  // Back off to 5 s at most: after a daemon restart the console is live again within seconds.
  retryDelayMs: (attempt) => Math.min(250 * 2 ** attempt, 5_000),
});

const SOCKET_STATE = { idle: 'idle', connecting: 'connecting', pending: 'open' } as const;

/** Follows the socket: idle (no subscription), connecting (or reconnecting), open. */
export function onSocketState(listener: (state: SocketState) => void): () => void {
  const subscription = wsClient.connectionState.subscribe({ next: (s) => listener(SOCKET_STATE[s.state]) });
  return () => subscription.unsubscribe();
}

/** A rejected token (expired, revoked, daemon key changed) signs the console out. */
const signOutOnUnauthorized: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) =>
    observable((observer) =>
      next(op).subscribe({
        next: (value) => observer.next(value),
        complete: () => observer.complete(),
        error: (err) => {
          if (err.data?.code === 'UNAUTHORIZED' && op.path !== 'auth.login' && getSession()) setSession(null);
          observer.error(err);
        },
      }),
    );

export const api = createTRPCClient<AppRouter>({
  links: [
    signOutOnUnauthorized,
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: wsLink({ client: wsClient }),
      // Batched, split or sent as POST where a URL would be too long (shared with the Node client).
      false: httpLinks({ url: '/trpc', token: () => getSession()?.token }),
    }),
  ],
});

/** For the API explorer, whose procedure paths are data rather than code. */
export const untypedApi = getUntypedClient(api);

/** What each procedure returns and takes, as the daemon declares it. */
export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
