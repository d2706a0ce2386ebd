// Options of notifications and stored secrets, spread into the catalogue (options.ts): where the
// Telegram Bot API is (tests point it at a local server), and the key that encrypts notification
// secrets (signing keys, bot tokens) — from the environment or a file, never the database.
import { z } from 'zod';
import { TELEGRAM_BASE_URL } from './default-endpoints';
import { httpUrl, optionalWord } from './option-schemas';
import type { OptionSpec } from './options';

export const NOTIFICATION_OPTIONS = {
  telegramBaseUrl: {
    env: 'QUANTTRADE_TELEGRAM_BASE_URL',
    flag: 'telegram-base-url',
    arg: '<url>',
    defaultText: TELEGRAM_BASE_URL,
    defaultValue: () => TELEGRAM_BASE_URL,
    describe: 'Telegram Bot API for notification channels (a proxy, or a local server in tests).',
    schema: httpUrl,
  },
  secretKey: {
    env: 'QUANTTRADE_SECRET_KEY',
    flag: 'secret-key',
    arg: '<key>',
    describe:
      'Key (64 hex characters or base64 of 32 bytes) encrypting stored secrets such as notification tokens; never stored in the database.',
    secret: true,
    schema: optionalWord,
  },
  secretKeyFile: {
    env: 'QUANTTRADE_SECRET_KEY_FILE',
    flag: 'secret-key-file',
    arg: '<path>',
    defaultText: '<home>/secret.key (created on first use)',
    describe: 'File holding that key (mode 600); used when QUANTTRADE_SECRET_KEY is unset.',
    schema: z.string().optional(),
  },
} satisfies Record<string, OptionSpec>;
