// Dhan error answers (../shared/reference/dhan-api.md §9) classed by what the caller does next:
//   reauthenticate  the token is expired or invalid: stop orders, ask for a new token (DH-901, 807–810)
//   retry           back off and try again (rate limit DH-904/805/429; server trouble DH-908/909/800, 5xx)
//   reject          this request is wrong or refused: do not resend it as is (DH-905/906/907, 804, 811–814)
//   stop            the account cannot use the API (DH-902/903/806, DH-911 IP): an operator must act
// Trading-API shape {errorType, errorCode: "DH-9xx", errorMessage}; data-API shapes {status:
// "failed", data: {"805": "…"}} or {errorCode: 806, errorMessage}. Messages never carry a token.
import { AppError, type ErrorCode } from '../../core/errors';

export type DhanErrorAction = 'reauthenticate' | 'retry' | 'reject' | 'stop';

/** Whether the broker can have acted on the request: a place with 'maybe' is looked up, never resent. */
export type SendState = 'not_sent' | 'sent' | 'maybe';

export interface DhanErrorInfo {
  code: string;
  type?: string;
  message: string;
}

type Json = Record<string, unknown>;

export function readDhanError(body: unknown): DhanErrorInfo | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Json;
  if (b.errorCode !== undefined && b.errorCode !== null) {
    return {
      code: String(b.errorCode),
      type: typeof b.errorType === 'string' ? b.errorType : undefined,
      message: String(b.errorMessage ?? ''),
    };
  }
  if (b.status === 'failed' && b.data && typeof b.data === 'object') {
    const [code, message] = Object.entries(b.data as Json)[0] ?? ['unknown', 'failed'];
    return { code, message: String(message) };
  }
  return undefined;
}

const ACTIONS: [codes: readonly string[], action: DhanErrorAction, advice: string][] = [
  [
    ['DH-901', '807', '808', '809', '810'],
    'reauthenticate',
    'the access token is invalid or expired: set a new one (quanttrade broker token)',
  ],
  [['DH-902', '806'], 'stop', 'the account has no API access for this (Trading or Data API subscription)'],
  [['DH-903'], 'stop', 'an account problem, e.g. the segment is not activated'],
  [['DH-911'], 'stop', 'orders are only accepted from the static IP registered with Dhan'],
  [['DH-904', '805'], 'retry', 'too many requests: backing off'],
  [['DH-908', 'DH-909', '800'], 'retry', 'a Dhan server problem: retrying'],
  [['DH-905', 'DH-907', '804', '811', '812', '813', '814'], 'reject', 'check the request fields'],
  [['DH-906'], 'reject', 'the order cannot be processed'],
];

const CODE_BY_ACTION: Record<DhanErrorAction, ErrorCode> = {
  reauthenticate: 'BROKER_AUTH_EXPIRED',
  stop: 'BROKER_ACCESS_DENIED',
  reject: 'BROKER_REJECTED',
  retry: 'DEPENDENCY_UNAVAILABLE',
};

/** The action for a Dhan code and HTTP status; unknown codes (DH-910) follow the status. */
export function actionFor(
  code: string | undefined,
  status: number,
): { action: DhanErrorAction; advice: string } {
  const known = code ? ACTIONS.find(([codes]) => codes.includes(code)) : undefined;
  if (known) return { action: known[1], advice: known[2] };
  if (status === 401) return { action: 'reauthenticate', advice: ACTIONS[0]![2] };
  if (status === 403) return { action: 'stop', advice: 'the broker refused access' };
  if (status === 429) return { action: 'retry', advice: 'too many requests: backing off' };
  if (status >= 500) return { action: 'retry', advice: 'a Dhan server problem: retrying' };
  return { action: 'reject', advice: 'the broker refused the request' };
}

export interface DhanErrorDetails {
  endpoint: string;
  action: DhanErrorAction;
  sent: SendState;
  httpStatus?: number;
  dhanCode?: string;
  /** Milliseconds the broker asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** Overrides the code the action implies (BROKER_LINK_DOWN for a refusal of our own). */
  code?: ErrorCode;
}

/** A failed Dhan call. `action` says what to do; `sent` whether the broker may have acted. */
export class DhanError extends AppError {
  readonly action: DhanErrorAction;
  readonly sent: SendState;
  readonly endpoint: string;
  readonly httpStatus?: number;
  readonly dhanCode?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: DhanErrorDetails, options?: { cause?: unknown }) {
    const { code: override, ...rest } = details;
    const code: ErrorCode =
      override ??
      (details.action === 'retry' && (details.httpStatus === 429 || details.dhanCode === 'DH-904')
        ? 'RATE_LIMITED'
        : CODE_BY_ACTION[details.action]);
    super(code, message, { source: 'Dhan', ...rest }, options);
    this.name = 'DhanError';
    this.action = details.action;
    this.sent = details.sent;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.dhanCode = details.dhanCode;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** True when a place that failed this way may have created the order. */
  get outcomeUnknown(): boolean {
    return (
      this.sent !== 'not_sent' &&
      this.action === 'retry' &&
      this.httpStatus !== 429 &&
      this.dhanCode !== 'DH-904'
    );
  }
}

/** An error answer from Dhan (any status ≥ 400, or a 2xx carrying an error body). */
export function dhanAnswerError(
  endpoint: string,
  status: number,
  info: DhanErrorInfo | undefined,
  bodyStart: string,
  retryAfterMs?: number,
): DhanError {
  const { action, advice } = actionFor(info?.code, status);
  const what = info
    ? `${info.type ? `${info.code} ${info.type}` : info.code}: ${info.message}`
    : bodyStart
      ? `"${bodyStart}"`
      : 'no body';
  return new DhanError(`Dhan ${endpoint} failed (HTTP ${status}, ${what}): ${advice}`, {
    endpoint,
    action,
    // The broker answered: it either acted (5xx is ambiguous) or refused.
    sent: status >= 500 ? 'maybe' : 'sent',
    httpStatus: status,
    dhanCode: info?.code,
    retryAfterMs,
  });
}

/** "No data" answers that mean an empty chunk rather than a failed request (historical data). */
export function isNoDataError(error: DhanError): boolean {
  return error.dhanCode === 'DH-907' || (error.dhanCode === 'DH-905' && /no data/i.test(error.message));
}
