// The one place where application errors become tRPC errors (STYLE.md §11): AppError kinds map
// to tRPC codes (and so HTTP statuses), zod input failures become BAD_REQUEST naming each
// field, the value given and what was expected, and unexpected errors are logged in full but
// answered with a generic message (no SQL or stack traces to clients).
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { z } from 'zod';
import { AppError, type ErrorKind, type FieldIssue } from '../core/errors';
import { zodValidationError } from '../core/zod-issues';
import { MAX_BATCH_SIZE } from './client-links';

/** tRPC's own message for a batch over maxBatchSize (api/server.ts). */
const TRPC_BATCH_TOO_LARGE = 'Batch call exceeds maximum size';

const CODE_BY_KIND: Record<ErrorKind, TRPC_ERROR_CODE_KEY> = {
  invalid: 'BAD_REQUEST',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  denied: 'FORBIDDEN',
  limited: 'TOO_MANY_REQUESTS',
  transient: 'SERVICE_UNAVAILABLE',
  rejected: 'UNPROCESSABLE_CONTENT',
  fatal: 'INTERNAL_SERVER_ERROR',
  bug: 'INTERNAL_SERVER_ERROR',
};

export function trpcCodeFor(error: AppError): TRPC_ERROR_CODE_KEY {
  if (error.code === 'UNAUTHENTICATED') return 'UNAUTHORIZED';
  return CODE_BY_KIND[error.kind];
}

function isZodError(value: unknown): value is z.ZodError {
  return value instanceof Error && Array.isArray((value as { issues?: unknown }).issues);
}

/** Re-expresses a failed procedure's error; `rawInput` is read only for input failures. */
export async function mapProcedureError(
  error: TRPCError,
  rawInput: () => Promise<unknown>,
): Promise<TRPCError> {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return new TRPCError({ code: trpcCodeFor(cause), message: cause.message, cause });
  }
  if (error.code === 'BAD_REQUEST' && isZodError(cause)) {
    const app = zodValidationError(cause, await rawInput().catch(() => undefined));
    return new TRPCError({ code: 'BAD_REQUEST', message: app.message, cause: app });
  }
  // PostgreSQL's data exceptions (class 22: a value it cannot store, convert or compare) come
  // from input that got past a schema: the caller's to fix, not an internal error.
  const sqlstate = (cause as { code?: unknown } | undefined)?.code;
  if (typeof sqlstate === 'string' && /^22[0-9A-Z]{3}$/.test(sqlstate)) {
    const app = new AppError(
      'VALIDATION_FAILED',
      `a value could not be stored: ${(cause as Error).message}`,
      {
        sqlstate,
      },
    );
    return new TRPCError({ code: 'BAD_REQUEST', message: app.message, cause: app });
  }
  // Integrity violations (class 23) a procedure let through: a duplicate is a conflict, a
  // reference to a row that does not exist or a value a constraint refuses is the caller's input.
  if (typeof sqlstate === 'string' && /^23[0-9A-Z]{3}$/.test(sqlstate)) {
    const duplicate = sqlstate === '23505';
    const detail = (cause as { constraint?: string }).constraint;
    const app = new AppError(
      duplicate ? 'CONFLICT' : 'VALIDATION_FAILED',
      duplicate
        ? `that already exists${detail ? ` (${detail})` : ''}`
        : sqlstate === '23503'
          ? `a referenced row does not exist${detail ? ` (${detail})` : ''}`
          : `a value was refused by a constraint${detail ? ` (${detail})` : ''}`,
      { sqlstate },
    );
    return new TRPCError({ code: duplicate ? 'CONFLICT' : 'BAD_REQUEST', message: app.message, cause: app });
  }
  return error;
}

export interface ErrorData {
  /** The AppError code (core/errors.ts), when there is one. */
  appCode?: string;
  /** Field problems of a VALIDATION_FAILED error. */
  issues?: FieldIssue[];
  retryAfterSeconds?: number;
}

/** tRPC errorFormatter: adds appCode/issues and hides unexpected internals. */
export function formatError<S extends { message: string; data: object }>(opts: {
  shape: S;
  error: TRPCError;
}): S & { data: ErrorData } {
  const { shape, error } = opts;
  const cause = error.cause;
  const data: ErrorData = {};
  let message = shape.message;
  if (cause instanceof AppError) {
    data.appCode = cause.code;
    const details = cause.details ?? {};
    if (Array.isArray(details.issues)) data.issues = details.issues as FieldIssue[];
    if (typeof details.retryAfterSeconds === 'number') data.retryAfterSeconds = details.retryAfterSeconds;
  } else if (error.code === 'INTERNAL_SERVER_ERROR') {
    message = 'internal error; the daemon log has the details';
  } else if (message === TRPC_BATCH_TOO_LARGE) {
    message = `a batch may carry at most ${MAX_BATCH_SIZE} calls; send fewer per request`;
  }
  return { ...shape, message, data: { ...shape.data, ...data } };
}
