// Settings of the remote bar sources: base URLs (tests and proxies point them elsewhere) and
// Dhan credentials. They are daemon options (config/options.ts: QUANTTRADE_YAHOO_BASE_URL,
// QUANTTRADE_DHAN_BASE_URL, DHAN_ACCESS_TOKEN, DHAN_CLIENT_ID), parsed once with the rest of the
// configuration and passed down; the Config object itself satisfies this interface. Secrets
// never appear in messages.
import { AppError } from '../core/errors';

export interface SourceSettings {
  readonly yahooBaseUrl?: string;
  readonly dhanBaseUrl?: string;
  readonly dhanAccessToken?: string;
  readonly dhanClientId?: string;
}

export function requireDhanCredentials(settings: SourceSettings): { accessToken: string; clientId: string } {
  const missing = [
    ...(settings.dhanAccessToken ? [] : ['DHAN_ACCESS_TOKEN (--dhan-access-token)']),
    ...(settings.dhanClientId ? [] : ['DHAN_CLIENT_ID (--dhan-client-id)']),
  ];
  if (missing.length > 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `Dhan historical data needs ${missing.join(' and ')} (an access token from web.dhan.co, valid 24 h, and your Dhan client id)`,
    );
  }
  return { accessToken: settings.dhanAccessToken!, clientId: settings.dhanClientId! };
}
