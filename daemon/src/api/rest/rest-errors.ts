// Errors of the REST surface, in one JSON shape whatever raised them:
//   { "error": { "code": "BAD_REQUEST", "status": 400, "message": "…", "appCode"?, "issues"? } }
// A procedure's error carries the same code, message, appCode and field issues as over tRPC
// (api/error-mapping.ts formats both); a request that fastify refuses before any procedure runs
// (bad JSON, wrong content type, body too large) keeps its 4xx status. Nothing a client sends
// can turn into a 500: only a fault of ours does, and its message is generic.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { FastifyReply } from 'fastify';
import { formatError, type ErrorData } from '../error-mapping';

export interface RestErrorBody {
  error: ErrorData & { code: string; status: number; message: string };
}

const CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  406: 'BAD_REQUEST',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
};

export function sendTrpcError(reply: FastifyReply, error: TRPCError): FastifyReply {
  const status = getHTTPStatusCodeFromError(error);
  const shape = formatError({ shape: { message: error.message, data: {} }, error });
  if (shape.data.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(shape.data.retryAfterSeconds));
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  const body: RestErrorBody = { error: { code: error.code, status, ...shape.data, message: shape.message } };
  return reply.code(status).send(body);
}

/** An error fastify raised (or an unexpected one): 4xx kept as they are, anything else 500. */
export function sendHttpError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof TRPCError) return sendTrpcError(reply, error);
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = error instanceof Error ? error.message : 'bad request';
    const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    return reply.code(status).send({ error: { code, status, message } } satisfies RestErrorBody);
  }
  return sendTrpcError(reply, new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }));
}
