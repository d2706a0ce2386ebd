// Sends a message through the Telegram Bot API: POST <base>/bot<token>/sendMessage with the chat
// id and plain text (no parse mode, so nothing in a message needs escaping). The base URL is an
// option (QUANTTRADE_TELEGRAM_BASE_URL): tests point it at a local server, never at Telegram.
// Telegram answers {ok, description, parameters: {retry_after}}; 429 says how long to wait.
import { outcomeOfError, outcomeOfStatus, type SendOutcome } from './send-outcome';

export interface TelegramMessage {
  baseUrl: string;
  botToken: string;
  chatId: string;
  text: string;
  timeoutMs: number;
}

/** Telegram refuses texts over 4,096 characters. */
export const TELEGRAM_MAX_TEXT = 4096;

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

export async function sendTelegram(message: TelegramMessage): Promise<SendOutcome> {
  const url = `${message.baseUrl.replace(/\/+$/, '')}/bot${message.botToken}/sendMessage`;
  const text =
    message.text.length > TELEGRAM_MAX_TEXT
      ? `${message.text.slice(0, TELEGRAM_MAX_TEXT - 1)}…`
      : message.text;
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(message.timeoutMs),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: message.chatId, text, disable_web_page_preview: true }),
    });
    const answer = (await response.json().catch(() => ({}))) as TelegramAnswer;
    // Telegram's description never echoes the token; cut it anyway to keep the log short.
    const detail = (answer.description ?? '').slice(0, 200);
    if (response.ok && answer.ok === false)
      return { ok: false, status: response.status, retry: false, error: detail };
    return outcomeOfStatus(response.status, detail, answer.parameters?.retry_after);
  } catch (err) {
    return outcomeOfError(err);
  }
}
