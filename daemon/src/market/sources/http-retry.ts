// HTTP for market-data sources: retries with exponential backoff on 429 (honouring Retry-After)
// and 5xx and on network failures; every other status is returned to the caller to interpret.
// Errors name the source, the URL (without secrets) and what happened.
import { AppError } from '../../core/errors';

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** First backoff; doubles per attempt (with jitter), capped by maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
};

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpRequest {
  /** Names the source in messages: 'Yahoo', 'Dhan'. */
  source: string;
  url: string;
  init?: RequestInit;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Awaited before every attempt, retries included (a rate limiter's take()). */
  beforeAttempt?: () => Promise<void>;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

async function attempt(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
  const response = await fetch(request.url, { ...request.init, signal: AbortSignal.any(signals) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Fetches with retries; returns the final response (any status but retried ones exhausted). */
export async function fetchWithRetry(request: HttpRequest): Promise<HttpResponse> {
  const policy = { ...DEFAULT_RETRY, ...request.retry };
  const where = `${request.source} ${describeUrl(request.url)}`;
  let lastProblem = '';
  for (let n = 1; ; n++) {
    let wait: number | undefined;
    try {
      await request.beforeAttempt?.();
      const response = await attempt(request, policy.timeoutMs);
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) return response;
      lastProblem = `HTTP ${response.status}${response.text ? `: ${response.text.slice(0, 200)}` : ''}`;
      if (response.status === 429) wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      if (n >= policy.attempts) {
        const code = response.status === 429 ? 'RATE_LIMITED' : 'DEPENDENCY_UNAVAILABLE';
        throw new AppError(code, `${where} failed after ${n} attempts: ${lastProblem}`, {
          source: request.source,
          status: response.status,
        });
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (request.signal?.aborted) throw err;
      lastProblem = (err as Error).cause
        ? String(((err as Error).cause as Error).message ?? (err as Error).cause)
        : (err as Error).message;
      if (n >= policy.attempts) {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          `${where} could not be reached after ${n} attempts: ${lastProblem}`,
          { source: request.source },
          { cause: err },
        );
      }
    }
    const backoff =
      Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)) * (0.75 + Math.random() * 0.5);
    await sleep(Math.min(policy.maxDelayMs, Math.max(wait ?? 0, backoff)), request.signal);
  }
}

/** Parses a JSON body, naming the source and showing the start of the body when it is not JSON. */
export function parseJsonBody(source: string, url: string, response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    const start = response.text.slice(0, 120).replace(/\s+/g, ' ');
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `${source} ${describeUrl(url)} returned malformed JSON (HTTP ${response.status}): "${start}"`,
      { source, status: response.status },
    );
  }
}
