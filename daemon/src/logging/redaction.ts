// What must never reach a log line. Keys are redacted wherever pino can address them; the URL
// scrubber covers connection strings quoted inside free text (pg and pg-boss error messages).

const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'apiToken',
  'sessionToken',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'connectionString',
  'databaseUrl',
  'DATABASE_URL',
  'metricsToken',
  'accessToken',
  'dhanAccessToken',
  'brokerKey',
  'passwordHash',
  'password_hash',
  'credentials',
];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'connectionParams',
  '*.connectionParams',
];

// scheme://user:password@host → scheme://user:*****@host
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+):([^@\s/]+)@/gi;
// Our own token formats (api/auth): never print one, even by accident.
const TOKENS = /\b(qtk_[A-Za-z0-9_-]{8,}|qts\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g;

export function scrubSecrets(text: string): string {
  if (!text.includes('://') && !text.includes('qtk_') && !text.includes('qts.')) return text;
  return text.replace(URL_PASSWORD, '$1:*****@').replace(TOKENS, '[redacted-token]');
}
