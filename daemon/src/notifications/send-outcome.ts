// What one attempt to send a message came to, and how HTTP answers map onto it: 2xx delivered;
// 408, 425, 429, 5xx and network failures are worth retrying (429's Retry-After respected);
// any other answer is the receiver refusing the message, which retrying would not change.

export interface SendOutcome {
  ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why it failed, in words — never containing a secret or the URL (a bot token is in it). */
  error?: string;
  /** Worth another attempt later. */
  retry: boolean;
  /** The receiver asked to wait this long. */
  retryAfterMs?: number;
}

const RETRYABLE = new Set([408, 425, 429]);

export function outcomeOfStatus(status: number, detail: string, retryAfterSeconds?: number): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true, status, retry: false };
  const retry = RETRYABLE.has(status) || status >= 500;
  const retryAfterMs =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0
      ? Math.min(retryAfterSeconds, 3600) * 1000
      : undefined;
  return { ok: false, status, retry, retryAfterMs, error: `HTTP ${status}${detail ? `: ${detail}` : ''}` };
}

/** A fetch failure in words: the cause's code (ECONNREFUSED, timeout), not the URL. */
export function outcomeOfError(err: unknown): SendOutcome {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return { ok: false, retry: true, error: 'timed out' };
  const code = e.cause?.code;
  return { ok: false, retry: true, error: code ? `connection failed (${code})` : 'connection failed' };
}

/** The first characters of a response body, for the delivery log. */
export async function bodyExcerpt(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
