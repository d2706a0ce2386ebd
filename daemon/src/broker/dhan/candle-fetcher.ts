// Dhan historical candles for market/ (the FetchDhanCandles seam in market/source-settings.ts):
// each fetch uses the account's shared limits in PostgreSQL, so `data fetch` and the data.ingest
// job take slots from the same Data API budget as every other use of the account.
import type { Pool } from '../../db/pool';
import type { FetchDhanCandles } from '../../market/source-settings';
import { createDhanClient } from './dhan-client';
import { limiterKey } from './limiter-key';
import { createPgRateStore } from './pg-rate-store';
import { createRateLimiter } from './rate-limiter';

export function createDhanCandleFetcher(pool: Pool): FetchDhanCandles {
  const store = createPgRateStore(pool);
  return async (request) => {
    const { credentials, baseUrl, ...what } = request;
    const client = createDhanClient({
      baseUrl,
      credentials: () => credentials,
      limiter: createRateLimiter({ store, key: limiterKey(credentials.clientId) }),
    });
    try {
      return await client.historical.fetchBars(what);
    } finally {
      client.close();
    }
  };
}
