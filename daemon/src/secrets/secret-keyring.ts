// Where the secret key comes from: QUANTTRADE_SECRET_KEY (the key itself), else
// QUANTTRADE_SECRET_KEY_FILE, else <home>/secret.key — created (mode 600) the first time a secret is
// stored, so `npm start` works without setup. Never the database: a dump or a backup of it holds
// ciphertext only. Read lazily, so daemons that store no secret never touch a key file; several
// daemons on one database (DATABASE_URL) must share one key (set the option on each).
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../core/errors';
import { generateKeyText, parseSecretKey, type SecretKey } from './secret-box';

export interface SecretKeySettings {
  readonly home: string;
  readonly secretKey?: string;
  readonly secretKeyFile?: string;
}

export interface SecretKeyring {
  /** The key, loading (or creating) it on first use; throws CONFIG_INVALID naming the problem. */
  key(): SecretKey;
}

function readKeyFile(path: string, option: string): SecretKey {
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
  return parseSecretKey(text, `${option} ${path}`);
}

function loadKey(settings: SecretKeySettings): SecretKey {
  if (settings.secretKey) return parseSecretKey(settings.secretKey, 'QUANTTRADE_SECRET_KEY');
  if (settings.secretKeyFile) return readKeyFile(settings.secretKeyFile, 'QUANTTRADE_SECRET_KEY_FILE');
  const path = join(settings.home, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx': if another process created it meanwhile, keep theirs.
    try {
      writeFileSync(path, `${generateKeyText()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    chmodSync(path, 0o600);
  }
  return readKeyFile(path, 'secret key file');
}

export function createSecretKeyring(settings: SecretKeySettings): SecretKeyring {
  let cached: SecretKey | undefined;
  return {
    key() {
      cached ??= loadKey(settings);
      return cached;
    },
  };
}
