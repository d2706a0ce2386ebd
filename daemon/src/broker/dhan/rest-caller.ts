// One Dhan REST call, end to end: refuse early when the link cannot serve it (token known bad,
// circuit open for order writes), take a rate-limit slot, send with a deadline, classify the
// answer (dhan-errors.ts), check its shape (zod), and report latency and errors to the observer.
// Retries are the caller's decision (rest-client.ts): a read may be retried, a place may not.
import type { z } from 'zod';
import { AppError } from '../../core/errors';
import { fieldIssues } from '../../core/zod-issues';
import type { CircuitBreaker } from './circuit-breaker';
import { DhanError, dhanAnswerError, readDhanError } from './dhan-errors';
import { TransportError, type HttpTransport } from './http-transport';
import type { RateCategory, RateLimiter } from './rate-limiter';

export interface DhanCredentials {
  clientId: string;
  accessToken: string;
}

/** Metrics hooks; every label is an endpoint template or a code, never a secret. */
export interface DhanObserver {
  request?(endpoint: string, seconds: number, outcome: 'ok' | 'error'): void;
  error?(endpoint: string, code: string): void;
  rateLimitWait?(category: RateCategory, seconds: number): void;
  /** The broker refused the token (DH-901 or equivalent). */
  authExpired?(message: string): void;
}

export interface CallSpec<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path after the base URL, with ids filled in. */
  path: string;
  /** Path template for metrics and messages: `GET /orders/{id}`. */
  endpoint: string;
  category: RateCategory;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  /** Expected answer; `null` accepts an empty body (cancel's 202). */
  schema: S;
  /** Order writes are refused while the circuit is open. */
  orderWrite?: boolean;
  /** Also send the client id in a `dhanClientId` header (token renewal asks for it). */
  clientIdHeader?: boolean;
  signal?: AbortSignal;
}

export interface RestCallerOptions {
  baseUrl: string;
  credentials: () => DhanCredentials;
  transport: HttpTransport;
  limiter: RateLimiter;
  breaker: CircuitBreaker;
  timeoutMs: number;
  observer?: DhanObserver;
}

export interface RestCaller {
  call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>>;
  /** The token the broker last refused, if it is still the current one. */
  authRefused(): boolean;
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

export function createRestCaller(options: RestCallerOptions): RestCaller {
  const base = options.baseUrl.replace(/\/+$/, '');
  const obs = options.observer ?? {};
  let refusedToken: string | undefined;

  function failure(endpoint: string, code: string, error: DhanError, started: number): DhanError {
    obs.request?.(endpoint, (performance.now() - started) / 1000, 'error');
    obs.error?.(endpoint, code);
    if (error.action === 'retry' && error.code !== 'RATE_LIMITED')
      options.breaker.recordFailure(error.message);
    return error;
  }

  async function call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>> {
    const creds = options.credentials();
    if (refusedToken !== undefined && refusedToken === creds.accessToken) {
      throw new DhanError(
        `Dhan ${spec.endpoint} not sent: the broker refused this access token (DH-901); set a new one (quanttrade broker token)`,
        { endpoint: spec.endpoint, action: 'reauthenticate', sent: 'not_sent' },
      );
    }
    const refusal = spec.orderWrite ? options.breaker.refusal() : undefined;
    if (refusal) {
      throw new DhanError(`Dhan ${spec.endpoint} not sent: ${refusal}`, {
        endpoint: spec.endpoint,
        action: 'retry',
        sent: 'not_sent',
        code: 'BROKER_LINK_DOWN',
      });
    }
    let waited: number;
    try {
      waited = await options.limiter.acquire(spec.category, spec.signal);
    } catch (err) {
      if (err instanceof AppError || spec.signal?.aborted) throw err;
      // The shared counters live in PostgreSQL: without them no slot can be proven free.
      throw new DhanError(
        `Dhan ${spec.endpoint} not sent: the rate-limit counters cannot be reached (${(err as Error).message})`,
        { endpoint: spec.endpoint, action: 'retry', sent: 'not_sent', code: 'DEPENDENCY_UNAVAILABLE' },
        { cause: err },
      );
    }
    if (waited > 0) obs.rateLimitWait?.(spec.category, waited / 1000);
    const url = new URL(base + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      'access-token': creds.accessToken,
      'client-id': creds.clientId,
      accept: 'application/json',
    };
    if (spec.clientIdHeader) headers.dhanClientId = creds.clientId;
    let body: string | undefined;
    if (spec.body) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ dhanClientId: creds.clientId, ...spec.body });
    }
    const started = performance.now();
    let answer;
    try {
      answer = await options.transport.request({
        method: spec.method,
        url,
        headers,
        body,
        timeoutMs: options.timeoutMs,
        signal: spec.signal,
      });
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (err.reason === 'aborted') throw err.cause ?? err;
      const dhan = new DhanError(
        `Dhan ${spec.endpoint} ${err.sent === 'not_sent' ? 'could not be reached' : 'got no answer'}: ${err.message}`,
        { endpoint: spec.endpoint, action: 'retry', sent: err.sent },
        { cause: err },
      );
      throw failure(spec.endpoint, err.reason, dhan, started);
    }
    const text = answer.text;
    let json: unknown = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const info = readDhanError(json);
    if (answer.status >= 400 || info) {
      const start = text.slice(0, 160).replace(/\s+/g, ' ');
      const err = dhanAnswerError(
        spec.endpoint,
        answer.status,
        info,
        start,
        retryAfterMs(answer.headers['retry-after']),
      );
      if (err.action === 'reauthenticate') {
        refusedToken = creds.accessToken;
        obs.authExpired?.(err.message);
      }
      if (err.code === 'RATE_LIMITED') await options.limiter.penalize(spec.category, err.retryAfterMs);
      throw failure(spec.endpoint, info?.code ?? `http_${answer.status}`, err, started);
    }
    const parsed = json === undefined ? undefined : spec.schema.safeParse(json);
    if (!parsed?.success) {
      const what = parsed
        ? fieldIssues(parsed.error.issues, json)
            .slice(0, 5)
            .map(
              (i) =>
                `${i.path || '(root)'}: got ${JSON.stringify(i.value) ?? 'nothing'}, expected ${i.expected}`,
            )
            .join('; ')
        : `not JSON: "${text.slice(0, 120).replace(/\s+/g, ' ')}"`;
      const err = new DhanError(
        `Dhan ${spec.endpoint} answered an unexpected shape (HTTP ${answer.status}): ${what}`,
        {
          endpoint: spec.endpoint,
          action: 'retry',
          // The broker answered 2xx: for a place, the order may well exist.
          sent: 'maybe',
          httpStatus: answer.status,
        },
      );
      throw failure(spec.endpoint, 'bad_shape', err, started);
    }
    obs.request?.(spec.endpoint, (performance.now() - started) / 1000, 'ok');
    options.breaker.recordSuccess();
    return parsed.data;
  }

  return {
    call,
    authRefused: () => refusedToken !== undefined && refusedToken === options.credentials().accessToken,
  };
}
