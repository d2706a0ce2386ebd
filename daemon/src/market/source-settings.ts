// Settings of the remote bar sources: base URLs (tests and proxies point them elsewhere) and
// Dhan credentials. They are daemon options (config/options.ts: QUANTTRADE_YAHOO_BASE_URL,
// QUANTTRADE_DHAN_BASE_URL, DHAN_ACCESS_TOKEN, DHAN_CLIENT_ID), parsed once with the rest of the
// configuration and passed down; the Config object itself satisfies this interface. Secrets
// never appear in messages.
import type { BarSeries } from '../core/bar';
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

/** One Dhan historical fetch: which instrument, which range, with which account. */
export interface DhanCandleRequest {
  symbol: string;
  securityId: string;
  exchangeSegment: string;
  /** EQUITY, INDEX, … */
  instrument: string;
  timeframe: string;
  from: number;
  to: number;
  signal?: AbortSignal;
  baseUrl?: string;
  credentials: { accessToken: string; clientId: string };
}

/** Candle chunks in time order at `fetchedTimeframe` (the nearest interval Dhan serves). */
export interface DhanCandleChunks {
  parts: BarSeries[];
  fetchedTimeframe: string;
  requests: number;
  skippedBars: number;
}

/**
 * Fetches Dhan candles. The Dhan client lives in broker/dhan (one account, one set of limits for
 * data and orders); the composition root hands its fetcher to market/, which never imports broker/.
 */
export type FetchDhanCandles = (request: DhanCandleRequest) => Promise<DhanCandleChunks>;
