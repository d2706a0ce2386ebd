// The HTTP server: ops endpoints on every daemon; with the `api` role also tRPC over HTTP and
// WebSocket at /trpc, the same procedures as REST at /api (OpenAPI at /openapi.json, reference at
// /docs) and the console at /. Request durations are recorded by route pattern.
import fastifyWebsocket from '@fastify/websocket';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { MAX_BATCH_SIZE } from './client-links';
import { createContextFactory, type ApiDeps } from './context';
import { registerSecurityHeaders } from './http-headers';
import { isLoopback, registerOpsRoutes } from './ops-routes';
import { createRouteLabeler } from './route-labels';
import { describeProcedures } from './procedure-catalogue';
import { registerRestApi } from './rest/rest-api';
import { appRouter, type AppRouter } from './router';
import { registerConsole } from './static-console';

export interface ApiServer {
  app: FastifyInstance;
  /** Listens and resolves with the URL (http://host:port). */
  listen(host: string, port: number): Promise<string>;
  /** Stops accepting connections and closes open ones (WebSockets included). */
  close(): Promise<void>;
}

function recordDurations(app: FastifyInstance, deps: ApiDeps): void {
  const histogram = deps.metrics.http.requestDuration;
  const labels = createRouteLabeler(describeProcedures(appRouter).map((p) => p.path));
  app.addHook('onResponse', async (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    const method = labels.method(request.method);
    const status = String(reply.statusCode);
    const path = (request.params as { path?: string } | undefined)?.path;
    const routes = labels.routes(request.routeOptions.url, path);
    for (const route of routes) histogram.observe({ route, method, status }, seconds);
    if (path !== undefined) deps.metrics.http.trpcCallsPerRequest.observe({ method }, routes.length);
  });
}

async function registerTrpc(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 1024 * 1024 },
    // A client breaking the protocol (a message over maxPayload, a bad frame) is the client's
    // problem: a warning, the socket closed — not an error in every viewer's recentErrors.
    errorHandler: (err, socket, request) => {
      request.log.warn({ err: err.message }, 'WebSocket connection closed: the client broke the protocol');
      socket.terminate();
    },
  });
  app.websocketServer.on('connection', (socket) => {
    deps.metrics.http.wsConnections.inc();
    socket.once('close', () => deps.metrics.http.wsConnections.dec());
  });
  const trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'] = {
    router: appRouter,
    createContext: createContextFactory(deps, describeProcedures(appRouter)),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    // Clients send a query whose input is too long for a URL as POST (api/client-links.ts).
    allowMethodOverride: true,
    // Each call of a batch runs its own procedure: a 600-call batch was 600 password checks in
    // one request. Larger batches are refused whole, before any call runs.
    maxBatchSize: MAX_BATCH_SIZE,
    onError({ error, path }) {
      if (error.code !== 'INTERNAL_SERVER_ERROR') return;
      if (isClientProtocolError(error.cause))
        deps.log.warn({ err: (error.cause as Error).message, path }, 'WebSocket client broke the protocol');
      else deps.log.error({ err: error.cause ?? error, path }, 'tRPC call failed');
    },
  };
  await app.register(async (scope) => {
    scope.addHook('onSend', sendJsonWhole);
    await scope.register(fastifyTRPCPlugin, { prefix: '/trpc', useWSS: true, trpcOptions });
  });
}

/** A `ws` library error about what the client sent (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH, …). */
function isClientProtocolError(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('WS_ERR_');
}

/**
 * tRPC answers with a web Response that fastify would stream chunk by chunk. A JSON answer is
 * complete by then: send it whole, with a Content-Length — the same bytes for @trpc/client, and
 * markedly cheaper per request. Streaming answers (jsonl batches, event streams) pass untouched.
 */
async function sendJsonWhole(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (Object.prototype.toString.call(payload) !== '[object Response]') return payload;
  const response = payload as Response;
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return payload;
  reply.code(response.status);
  for (const [name, value] of response.headers) reply.header(name, value);
  return Buffer.from(await response.arrayBuffer());
}

export async function createApiServer(deps: ApiDeps): Promise<ApiServer> {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log.child({ module: 'http' }) as FastifyBaseLogger,
    // Per-request log lines would dominate the log at API rates; durations go to /metrics.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 4 * 1024 * 1024,
    // A batched tRPC call carries every procedure path in the route parameter (/trpc/a,b,c):
    // fastify's default of 100 characters refused batches of more than about five calls (414).
    // Node's own request-line limit (16 KiB with the headers) stays the bound.
    routerOptions: { maxParamLength: 16 * 1024 },
    // Long polls and slow clients must not hold shutdown forever.
    forceCloseConnections: 'idle',
  });
  recordDurations(app, deps);
  registerSecurityHeaders(app);
  if (!deps.config.metricsToken && !isLoopback(deps.config.host))
    deps.log.warn(
      { host: deps.config.host },
      '/metrics is refused until QUANTTRADE_METRICS_TOKEN is set (the daemon listens beyond loopback)',
    );
  registerOpsRoutes(app, {
    health: deps.health,
    registry: deps.metrics.registry,
    metricsToken: deps.config.metricsToken,
    exposed: !isLoopback(deps.config.host),
  });
  if (deps.daemon.roles.includes('api')) {
    await registerTrpc(app, deps);
    await registerRestApi(app, deps);
    await registerConsole(app, { dir: deps.config.consoleDir, version: deps.daemon.version });
  }
  return {
    app,
    async listen(host, port) {
      await app.listen({ host, port });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return `http://${shownHost}:${actualPort}`;
    },
    close: () => app.close(),
  };
}
