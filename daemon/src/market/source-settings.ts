// Settings of the remote bar sources, read from the environment by the caller (CLI command or
// job-handler factory) and passed in: base URLs (tests and proxies point them elsewhere) and
// Dhan credentials. Secrets never appear in messages.
import { AppError } from '../core/errors';

export interface SourceSettings {
  yahooBaseUrl?: string;
  dhanBaseUrl?: string;
  dhanAccessToken?: string;
  dhanClientId?: string;
}

export function sourceSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): SourceSettings {
  return {
    yahooBaseUrl: env.QUANTTRADE_YAHOO_BASE_URL || undefined,
    dhanBaseUrl: env.QUANTTRADE_DHAN_BASE_URL || undefined,
    dhanAccessToken: env.DHAN_ACCESS_TOKEN || undefined,
    dhanClientId: env.DHAN_CLIENT_ID || undefined,
  };
}

export function requireDhanCredentials(settings: SourceSettings): { accessToken: string; clientId: string } {
  const missing = [
    ...(settings.dhanAccessToken ? [] : ['DHAN_ACCESS_TOKEN']),
    ...(settings.dhanClientId ? [] : ['DHAN_CLIENT_ID']),
  ];
  if (missing.length > 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `Dhan historical data needs ${missing.join(' and ')} in the environment (an access token from web.dhan.co, valid 24 h, and your Dhan client id)`,
    );
  }
  return { accessToken: settings.dhanAccessToken!, clientId: settings.dhanClientId! };
}
