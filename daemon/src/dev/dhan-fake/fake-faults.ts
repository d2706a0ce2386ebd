// Fault injection for the fake Dhan's REST side. A fault is queued for a route ("POST /orders",
// "GET /orders/external/*", "*") and applies to the next matching requests, in order. Each fault
// says whether the broker still acts on the request before answering badly — the case a safe
// client must survive: the order exists, but the client never heard so.

export type Fault =
  /** Answer this status (and Dhan error body); `act` first when true. 429 → DH-904. */
  | { kind: 'status'; status: number; body?: unknown; act?: boolean; retryAfter?: number }
  /** Act, then answer only after `ms` (past the client's deadline). */
  | { kind: 'delay'; ms: number; act?: boolean }
  /** Cut the connection without an answer; `act` first when true. */
  | { kind: 'drop'; act?: boolean }
  /** Answer 200 with a body that is not the documented shape. */
  | { kind: 'garbage'; body: unknown; act?: boolean };

interface Queued {
  route: string;
  fault: Fault;
  times: number;
}

export function routeMatches(pattern: string, route: string): boolean {
  if (pattern === '*' || pattern === route) return true;
  if (pattern.endsWith('*')) return route.startsWith(pattern.slice(0, -1));
  return false;
}

export function createFaultQueue() {
  const queued: Queued[] = [];
  return {
    /** Adds a fault for the next `times` requests matching `route`. */
    add(route: string, fault: Fault, times = 1): void {
      queued.push({ route, fault, times });
    },
    /** The fault for this request, if any (consumed). */
    take(route: string): Fault | undefined {
      const i = queued.findIndex((q) => routeMatches(q.route, route));
      if (i === -1) return undefined;
      const q = queued[i]!;
      if (--q.times <= 0) queued.splice(i, 1);
      return q.fault;
    },
    clear(): void {
      queued.length = 0;
    },
    pending: () => queued.reduce((n, q) => n + q.times, 0),
  };
}

export type FaultQueue = ReturnType<typeof createFaultQueue>;

export const DHAN_ERROR_BODIES: Record<
  number,
  { errorType: string; errorCode: string; errorMessage: string }
> = {
  400: {
    errorType: 'Input_Exception',
    errorCode: 'DH-905',
    errorMessage: 'Missing required fields, bad values for parameters etc.',
  },
  401: {
    errorType: 'Invalid_Authentication',
    errorCode: 'DH-901',
    errorMessage: 'Client ID or user generated access token is invalid or expired.',
  },
  429: {
    errorType: 'Rate_Limit',
    errorCode: 'DH-904',
    errorMessage: 'Too many requests on server from single user breaching rate limits.',
  },
  500: { errorType: 'Internal_Server_Error', errorCode: 'DH-908', errorMessage: 'Internal server error.' },
  502: {
    errorType: 'Network_Error',
    errorCode: 'DH-909',
    errorMessage: 'API is unable to communicate with backend system.',
  },
  503: {
    errorType: 'Network_Error',
    errorCode: 'DH-909',
    errorMessage: 'API is unable to communicate with backend system.',
  },
};
