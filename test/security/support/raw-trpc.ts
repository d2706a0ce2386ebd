// Plain HTTP calls to the tRPC endpoint, the way an attacker (or curl) sends them: one call, or
// a batch of any size in one request (`POST /trpc/a,b,c?batch=1` with a body keyed by index).
// The typed client would split or refuse what these tests need to send.

export interface RawAnswer {
  status: number;
  /** The parsed JSON body (an array for a batch); undefined when the body is not JSON. */
  body: unknown;
  text: string;
  headers: Headers;
}

export interface CallOutcome {
  /** 'ok' or the tRPC error code (UNAUTHORIZED, TOO_MANY_REQUESTS, ...). */
  code: string;
  message?: string;
  httpStatus?: number;
}

async function answer(response: Response): Promise<RawAnswer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, headers: response.headers };
}

export async function rawCall(
  url: string,
  path: string,
  input: unknown,
  options: {
    token?: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    /** Send this text as the body instead of JSON.stringify(input). */
    rawBody?: string;
  } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const method = options.method ?? 'POST';
  const target =
    method === 'GET'
      ? `${url}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${url}/trpc/${path}`;
  const response = await fetch(target, {
    method,
    headers,
    body:
      method === 'POST'
        ? (options.rawBody ?? (input === undefined ? undefined : JSON.stringify(input)))
        : undefined,
  });
  return answer(response);
}

/** One request carrying `inputs.length` calls of `path`. */
export async function rawBatch(
  url: string,
  path: string,
  inputs: unknown[],
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const paths = inputs.map(() => path).join(',');
  const body = Object.fromEntries(inputs.map((input, i) => [String(i), input]));
  const response = await fetch(`${url}/trpc/${paths}?batch=1`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return answer(response);
}

/** The outcome of each call in a batch answer (or of a single answer). */
export function outcomes(raw: RawAnswer): CallOutcome[] {
  const items = Array.isArray(raw.body) ? raw.body : [raw.body];
  return items.map((item) => {
    const error = (item as { error?: { message?: string; data?: { code?: string; httpStatus?: number } } })
      ?.error;
    if (!error) return { code: 'ok' };
    return {
      code: error.data?.code ?? 'unknown',
      message: error.message,
      httpStatus: error.data?.httpStatus,
    };
  });
}

export function countBy(list: CallOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of list) counts[o.code] = (counts[o.code] ?? 0) + 1;
  return counts;
}
