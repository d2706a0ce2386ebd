// Sends one message on one channel: opens the channel's secret (a key problem fails the message
// with the reason, it never throws) and hands the message to the webhook or Telegram sender.
import type { SecretKeyring } from '../secrets/secret-keyring';
import { openSecret } from '../secrets/secret-box';
import type { SendableChannel } from './channel-store';
import { telegramText, webhookDocument, type Outgoing } from './outgoing-message';
import type { SendOutcome } from './send-outcome';
import { sendTelegram } from './telegram-sender';
import { sendWebhook } from './webhook-sender';

export interface SenderDeps {
  keyring: SecretKeyring;
  telegramBaseUrl: string;
  userAgent: string;
  timeoutMs: number;
}

export function secretContext(channelId: number): string {
  return `notification_channel:${channelId}`;
}

export async function sendOnChannel(
  deps: SenderDeps,
  channel: SendableChannel,
  message: Outgoing,
): Promise<SendOutcome> {
  let secret: string;
  try {
    if (!channel.secret) return { ok: false, retry: false, error: 'the channel has no secret: set one' };
    secret = openSecret(deps.keyring.key(), secretContext(channel.id), channel.secret);
  } catch (err) {
    return { ok: false, retry: false, error: (err as Error).message };
  }
  if (channel.kind === 'telegram') {
    return sendTelegram({
      baseUrl: deps.telegramBaseUrl,
      botToken: secret,
      chatId: channel.target,
      text: telegramText(message),
      timeoutMs: deps.timeoutMs,
    });
  }
  return sendWebhook({
    url: channel.target,
    secret,
    deliveryId: message.deliveryId,
    kind: message.kind,
    body: webhookDocument(message),
    userAgent: deps.userAgent,
    timeoutMs: deps.timeoutMs,
    now: Date.now(),
  });
}
