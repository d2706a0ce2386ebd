// Where the broker key comes from: QUANTTRADE_BROKER_KEY (the key itself) or
// QUANTTRADE_BROKER_KEY_FILE (a file holding it, readable by the daemon's user only), plus an
// optional previous key file during a rotation. Never from the database. Without a key, broker
// accounts with credentials cannot be created or used, and the error says how to make one.
import { readFileSync, statSync } from 'node:fs';
import { AppError } from '../core/errors';
import { parseBrokerKey, type BrokerKeyring } from './credential-cipher';

export interface BrokerKeySettings {
  readonly brokerKey?: string;
  readonly brokerKeyFile?: string;
  readonly brokerPreviousKeyFile?: string;
}

function readKeyFile(path: string, option: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError(
      'CONFIG_INVALID',
      `${option} ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  // On POSIX a key others can read is not a secret.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    throw new AppError('CONFIG_INVALID', `${option} ${path}: readable by other users; chmod 600 it`);
  return parseBrokerKey(text, `${option} ${path}`);
}

/** The configured keyring, or undefined when no key is configured. */
export function loadBrokerKeyring(settings: BrokerKeySettings): BrokerKeyring | undefined {
  if (settings.brokerKey && settings.brokerKeyFile)
    throw new AppError('CONFIG_INVALID', 'set QUANTTRADE_BROKER_KEY or QUANTTRADE_BROKER_KEY_FILE, not both');
  const current = settings.brokerKey
    ? parseBrokerKey(settings.brokerKey, 'QUANTTRADE_BROKER_KEY')
    : settings.brokerKeyFile
      ? readKeyFile(settings.brokerKeyFile, 'QUANTTRADE_BROKER_KEY_FILE')
      : undefined;
  if (!current) return undefined;
  const previous = settings.brokerPreviousKeyFile
    ? readKeyFile(settings.brokerPreviousKeyFile, 'QUANTTRADE_BROKER_PREVIOUS_KEY_FILE')
    : undefined;
  return { current, previous };
}

export function requireKeyring(keyring: BrokerKeyring | undefined): BrokerKeyring {
  if (keyring) return keyring;
  throw new AppError(
    'NOT_CONFIGURED',
    'broker credentials are encrypted with a key that is not configured: create one with `quanttrade broker key-gen --out /etc/quanttrade/broker.key` and set QUANTTRADE_BROKER_KEY_FILE to that path (or QUANTTRADE_BROKER_KEY to its contents)',
  );
}
