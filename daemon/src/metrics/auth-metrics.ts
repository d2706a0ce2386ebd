import { Counter, type Registry } from 'prom-client';

export interface AuthMetrics {
  /** Login attempts by outcome: ok, bad_credentials, rate_limited, disabled. */
  logins: Counter<'outcome'>;
  /** Requests refused by the role guard: unauthenticated or forbidden. */
  denied: Counter<'reason'>;
}

export function createAuthMetrics(registry: Registry): AuthMetrics {
  return {
    logins: new Counter({
      name: 'quanttrade_auth_logins_total',
      help: 'Login attempts by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    denied: new Counter({
      name: 'quanttrade_auth_denied_total',
      help: 'API calls refused for missing or insufficient credentials',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
