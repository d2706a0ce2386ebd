// Dhan error bodies (../shared/reference/dhan-api.md §9) → AppErrors. Trading-API shape:
// {errorType, errorCode: "DH-9xx", errorMessage}; data-API shapes: {status: "failed", data:
// {"805": "…"}} or {errorCode: 806, errorMessage}. The code decides what the caller should do.
import { AppError, type ErrorCode } from '../../core/errors';

export interface DhanErrorInfo {
  code: string;
  type?: string;
  message: string;
}

type Json = Record<string, unknown>;

export function readDhanError(body: unknown): DhanErrorInfo | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Json;
  if (b.errorCode !== undefined) {
    return {
      code: String(b.errorCode),
      type: b.errorType as string | undefined,
      message: String(b.errorMessage ?? ''),
    };
  }
  if (b.status === 'failed' && b.data && typeof b.data === 'object') {
    const [code, message] = Object.entries(b.data as Json)[0] ?? ['unknown', 'failed'];
    return { code, message: String(message) };
  }
  return undefined;
}

const CLASSES: [codes: string[], code: ErrorCode, advice: string][] = [
  [
    ['DH-901', '807', '808', '809', '810'],
    'UNAUTHENTICATED',
    'check the client id and renew the access token (valid 24 h)',
  ],
  [['DH-902', '806'], 'FORBIDDEN', 'the account has no Data API subscription'],
  [['DH-904', '805'], 'RATE_LIMITED', 'too many requests; wait and retry'],
  [
    ['DH-905', 'DH-907', '804', '811', '812', '813', '814'],
    'VALIDATION_FAILED',
    'check the security id, segment, instrument and dates',
  ],
  [['DH-903'], 'FORBIDDEN', 'an account problem, e.g. the segment is not activated'],
];

/** "No data" answers that mean an empty chunk rather than a failed request. */
export function isNoDataError(info: DhanErrorInfo): boolean {
  return info.code === 'DH-907' || (info.code === 'DH-905' && /no data/i.test(info.message));
}

export function dhanError(info: DhanErrorInfo, what: string, status: number): AppError {
  const known = CLASSES.find(([codes]) => codes.includes(info.code));
  const code: ErrorCode = known?.[1] ?? 'DEPENDENCY_UNAVAILABLE';
  const label = info.type ? `${info.code} ${info.type}` : info.code;
  const advice = known?.[2] ?? 'a Dhan server problem; retry later';
  return new AppError(code, `Dhan ${what} failed (HTTP ${status}, ${label}: ${info.message}): ${advice}`, {
    source: 'Dhan',
    dhanCode: info.code,
    status,
  });
}
