// Posts a message to a webhook: a JSON body, signed with HMAC-SHA256 so the receiver can tell it
// came from this daemon and was not altered or replayed (docs/notifications.md shows how to check):
//
//   X-QuantTrade-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
//   X-QuantTrade-Timestamp: <seconds since the epoch>
//   X-QuantTrade-Event: <kind>          X-QuantTrade-Delivery: <delivery id, the same on retries>
//
// Redirects are not followed (a receiver that moved says so in the delivery log).
import { createHmac } from 'node:crypto';
import { bodyExcerpt, outcomeOfError, outcomeOfStatus, type SendOutcome } from './send-outcome';

export interface WebhookMessage {
  url: string;
  secret: string;
  deliveryId: number;
  kind: string;
  /** The JSON document sent as the body. */
  body: object;
  userAgent: string;
  timeoutMs: number;
  /** Epoch ms, for the timestamp header. */
  now: number;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function sendWebhook(message: WebhookMessage): Promise<SendOutcome> {
  const body = JSON.stringify(message.body);
  const timestamp = Math.floor(message.now / 1000);
  try {
    const response = await fetch(message.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(message.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': message.userAgent,
        'x-quanttrade-event': message.kind,
        'x-quanttrade-delivery': String(message.deliveryId),
        'x-quanttrade-timestamp': String(timestamp),
        'x-quanttrade-signature': signWebhook(message.secret, timestamp, body),
      },
      body,
    });
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    const detail = response.ok ? '' : await bodyExcerpt(response);
    if (response.ok) await response.body?.cancel().catch(() => undefined);
    return outcomeOfStatus(response.status, detail, Number.isNaN(retryAfter) ? undefined : retryAfter);
  } catch (err) {
    return outcomeOfError(err);
  }
}
