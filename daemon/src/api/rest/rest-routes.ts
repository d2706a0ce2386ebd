// Serves every query and mutation as plain REST with JSON (see rest-operations.ts for the URL
// scheme), by calling the very procedure tRPC calls: the role guard, the input schema, the
// row-level-security scope and the error mapping are the procedure's own, so REST can neither be
// looser nor stricter than tRPC. Authentication: `Authorization: Bearer <API or session token>`.
import type { AnyRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Context, ContextInput } from '../context';
import { createCallerFactory } from '../trpc';
import { inputJsonSchema } from './json-schema';
import { inputFromQuery } from './query-input';
import { sendHttpError, sendTrpcError } from './rest-errors';
import { REST_PREFIX, type RestOperation } from './rest-operations';

export interface RestDeps {
  router: AnyRouter;
  operations: RestOperation[];
  createContext(input: ContextInput): Promise<Context>;
  log: Logger;
}

type Call = (input: unknown) => Promise<unknown>;

function procedureOf(caller: unknown, path: string): Call {
  let node = caller as Record<string, unknown>;
  for (const part of path.split('.')) node = node[part] as Record<string, unknown>;
  return node as unknown as Call;
}

function handler(deps: RestDeps, operation: RestOperation) {
  const createCaller = createCallerFactory(deps.router);
  const schema = inputJsonSchema(operation.inputs);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = await deps.createContext({ req: request });
    const input =
      operation.method === 'GET'
        ? inputFromQuery(request.query as Record<string, string | string[]>, schema)
        : (request.body ?? undefined);
    try {
      const caller = createCaller(ctx);
      const result = await procedureOf(caller, operation.procedure)(input);
      return reply.code(200).send(result);
    } catch (error) {
      const failure =
        error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
      // The role guard has logged procedure failures already; this catches what happens around it.
      if (failure.code === 'INTERNAL_SERVER_ERROR' && !(error instanceof TRPCError))
        deps.log.error({ err: error, path: operation.procedure }, 'REST call failed');
      return sendTrpcError(reply, failure);
    }
  };
}

/** Registers the operations under /api, with JSON errors for unknown paths and wrong methods. */
export async function registerRestRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler((error, _request, reply) => {
        if (!((error as { statusCode?: number }).statusCode! < 500))
          deps.log.error({ err: error }, 'REST request failed');
        return sendHttpError(reply, error);
      });
      scope.setNotFoundHandler((request, reply) =>
        sendHttpError(
          reply,
          Object.assign(
            new Error(
              `no operation ${request.method} ${request.url.split('?')[0]}; GET /openapi.json lists them`,
            ),
            {
              statusCode: 404,
            },
          ),
        ),
      );
      const byUrl = new Map<string, RestOperation>();
      for (const operation of deps.operations) {
        const url = operation.url.slice(REST_PREFIX.length);
        byUrl.set(url, operation);
        scope.route({ method: operation.method, url, handler: handler(deps, operation) });
      }
      // The other method on a known path: 405 naming the right one, not a bare 404.
      for (const [url, operation] of byUrl) {
        const other =
          operation.method === 'GET' ? ['POST', 'PUT', 'PATCH', 'DELETE'] : ['GET', 'PUT', 'PATCH', 'DELETE'];
        scope.route({
          method: other as ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[],
          url,
          handler: (_request, reply) =>
            sendHttpError(
              reply.header('allow', operation.method === 'GET' ? 'GET, HEAD' : 'POST'),
              Object.assign(
                new Error(
                  `${operation.procedure} is a ${operation.method === 'GET' ? 'query: use GET' : 'mutation: use POST'}`,
                ),
                {
                  statusCode: 405,
                },
              ),
            ),
        });
      }
    },
    { prefix: REST_PREFIX },
  );
}
