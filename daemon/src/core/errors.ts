// The error catalogue. Errors are classed by what the caller should do (STYLE.md §11):
//   invalid    the input is wrong: fix it (HTTP 400 / tRPC BAD_REQUEST)
//   not_found  the thing does not exist or is not yours (404 / NOT_FOUND)
//   conflict   the state does not allow it now (409 / CONFLICT)
//   denied     authentication or authorisation failed (401/403)
//   limited    too many requests: wait (429 / TOO_MANY_REQUESTS)
//   transient  a dependency failed: retrying may succeed (503)
//   rejected   a counterparty (broker, exchange) said no: do not retry as is
//   fatal      configuration or environment is unusable: stop
//   bug        an invariant broke: report it
// Only api/ maps kinds to HTTP or tRPC codes. Each code is listed once, here; a test checks that
// every key equals its code so codes stay stable and greppable.

export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'denied' | 'limited' | 'transient' | 'rejected' | 'fatal' | 'bug';

export const ERRORS = {
  CONFIG_INVALID: { code: 'CONFIG_INVALID', kind: 'fatal' },
  VALIDATION_FAILED: { code: 'VALIDATION_FAILED', kind: 'invalid' },
  NOT_FOUND: { code: 'NOT_FOUND', kind: 'not_found' },
  CONFLICT: { code: 'CONFLICT', kind: 'conflict' },
  UNAUTHENTICATED: { code: 'UNAUTHENTICATED', kind: 'denied' },
  FORBIDDEN: { code: 'FORBIDDEN', kind: 'denied' },
  RATE_LIMITED: { code: 'RATE_LIMITED', kind: 'limited' },
  DEPENDENCY_UNAVAILABLE: { code: 'DEPENDENCY_UNAVAILABLE', kind: 'transient' },
  MIGRATION_FAILED: { code: 'MIGRATION_FAILED', kind: 'fatal' },
  SQL_REFUSED: { code: 'SQL_REFUSED', kind: 'invalid' },
  INVARIANT_BROKEN: { code: 'INVARIANT_BROKEN', kind: 'bug' },
  /** A long-running job (backtest, sweep) was cancelled by its caller. */
  CANCELLED: { code: 'CANCELLED', kind: 'conflict' },
  /** A user's strategy code threw, broke a sandbox limit or produced unusable output: fix the code. */
  STRATEGY_FAILED: { code: 'STRATEGY_FAILED', kind: 'invalid' },
  /** The broker refused the access token (expired or revoked): set a new one. */
  BROKER_AUTH_EXPIRED: { code: 'BROKER_AUTH_EXPIRED', kind: 'conflict' },
  /** The broker refused the account itself (no API access, segment off, IP not allowed). */
  BROKER_ACCESS_DENIED: { code: 'BROKER_ACCESS_DENIED', kind: 'denied' },
  /** The broker or exchange said no to this request: do not resend it as is. */
  BROKER_REJECTED: { code: 'BROKER_REJECTED', kind: 'rejected' },
  /** The broker link is down (circuit open, disconnected): nothing was sent. */
  BROKER_LINK_DOWN: { code: 'BROKER_LINK_DOWN', kind: 'transient' },
  /** An order may or may not be at the broker: never resend; reconciliation decides. */
  BROKER_OUTCOME_UNKNOWN: { code: 'BROKER_OUTCOME_UNKNOWN', kind: 'transient' },
  /** A feature this request needs is not set up on this installation (e.g. no broker key): an
   * operator must configure it; the request itself was fine. */
  NOT_CONFIGURED: { code: 'NOT_CONFIGURED', kind: 'conflict' },
  /** This daemon no longer holds the deployment's lease: it must not write or send its orders. */
  LEASE_LOST: { code: 'LEASE_LOST', kind: 'conflict' },
} as const satisfies Record<string, { code: string; kind: ErrorKind }>;

export type ErrorCode = keyof typeof ERRORS;

/** A classified application error: a stable code, a message for humans, and optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.kind = ERRORS[code].kind;
    this.details = details;
  }
}

/** An input problem: which field, what value was given, what was expected. */
export interface FieldIssue {
  path: string;
  value?: unknown;
  expected: string;
}

/** Issues an error lists; the rest are counted. */
export const LISTED_ISSUES = 20;

/** Characters of a value an error echoes back; a 1 MB value once made a 4 MB error response. */
export const ECHOED_CHARACTERS = 100;

/**
 * The value as an error may show it: long strings and large objects become a prefix and a note
 * of their size. Deeply nested input that JSON cannot even render is described, not rendered.
 */
export function boundedValue(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > ECHOED_CHARACTERS
      ? `${value.slice(0, ECHOED_CHARACTERS)}… (${value.length} characters)`
      : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? '(an array too deep to show)' : '(an object too deep to show)';
  }
  return json.length > ECHOED_CHARACTERS
    ? `${json.slice(0, ECHOED_CHARACTERS)}… (${json.length} characters of JSON)`
    : value;
}

/** Builds a VALIDATION_FAILED error whose message names every field, value and expectation. */
export function validationError(given: FieldIssue[], subject = 'input'): AppError {
  const issues = given
    .slice(0, LISTED_ISSUES)
    .map((i) => (i.value === undefined ? i : { ...i, value: boundedValue(i.value) }));
  const lines = issues.map((i) => {
    // JSON.stringify prints NaN and ±Infinity as null, which would hide the actual mistake.
    const given =
      i.value === undefined
        ? 'missing'
        : typeof i.value === 'number'
          ? String(i.value)
          : JSON.stringify(i.value);
    return `${i.path || '(root)'}: got ${given}, expected ${i.expected}`;
  });
  const more = given.length - issues.length;
  const tail = more > 0 ? `; … and ${more} more problem${more === 1 ? '' : 's'}` : '';
  return new AppError('VALIDATION_FAILED', `invalid ${subject}: ${lines.join('; ')}${tail}`, {
    issues,
    ...(more > 0 ? { moreIssues: more } : {}),
  });
}
