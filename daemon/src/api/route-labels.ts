// Metric labels taken from requests, each from a fixed set: every distinct `/trpc/<anything>`
// once became a route label of its own (5,000 made-up paths grew /metrics from 250 KB to 169 MB,
// without signing in). A tRPC call is labelled by its procedure when the router has it and
// `unknown` otherwise, a batch once per call; other requests by their route pattern (`unmatched`
// for a 404); methods outside the usual few are `other`.

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const TRPC_ROUTE = '/trpc/:path';

export interface RouteLabeler {
  /** The route label(s) of a request: one per call of a tRPC batch. */
  routes(routePattern: string | undefined, trpcPath: string | undefined): string[];
  method(method: string): string;
}

export function createRouteLabeler(procedurePaths: readonly string[]): RouteLabeler {
  const known = new Set(procedurePaths);
  return {
    routes(routePattern, trpcPath) {
      if (routePattern !== TRPC_ROUTE) return [routePattern ?? 'unmatched'];
      return (trpcPath ?? '').split(',').map((p) => `/trpc/${known.has(p) ? p : 'unknown'}`);
    },
    method: (method) => (METHODS.has(method) ? method : 'other'),
  };
}
