// The key under which an account's request counters are kept (sql 011 broker_rate_events): a hash
// of the Dhan client id, so the counters do not show the id in clear. Every daemon and every use
// of the account (orders with stored credentials, historical data from DHAN_CLIENT_ID) derives the
// same key, which is what makes the limits shared. Only the database owner can read the counters.
import { createHmac } from 'node:crypto';

const LABEL = 'quanttrade/dhan-rate-limit';

export function limiterKey(clientId: string): string {
  return createHmac('sha256', LABEL).update(clientId).digest('base64url').slice(0, 32);
}
