// Client order ids: the durable identity of an order. The ledger stores an order under it before
// the order is sent, and Dhan echoes it back as `correlationId`, so after a crash an order whose
// send may or may not have happened is found by asking the broker for it — never by sending it
// again. That only works if an id is never reused: not by another deployment, not by the same
// deployment after a restart. The engine takes ids from an injected source; this one makes them
// from a prefix (say, the deployment), a session number that must differ on every start (the
// runner takes it from a database sequence) and a counter.
import { validationError } from './errors';

/** Where the engine gets the client order id of each new order. */
export interface OrderIdSource {
  next(): string;
}

export interface ClientOrderIdOptions {
  /** 1–12 characters of [A-Za-z0-9_]: who places the orders (`d42` for deployment 42, `bt` for a backtest). */
  prefix: string;
  /** 0 … 36^6 − 1; never the same twice for one prefix (a new value at every start). */
  session: number;
  /** The counter's first value (default 1). */
  start?: number;
}

const PREFIX = /^[A-Za-z0-9_]{1,12}$/;
const MAX_SESSION = 36 ** 6 - 1;
const MAX_COUNTER = 9_999_999_999;

/**
 * `prefix-session-counter`, the session in base 36, the counter in decimal (cheaper to format:
 * backtests make one id per order): `d42-1z-1057`. At most 12 + 1 + 6 + 1 + 10 = 30 characters,
 * Dhan's limit.
 */
export function clientOrderIds(options: ClientOrderIdOptions): OrderIdSource {
  const { prefix, session, start = 1 } = options;
  const issues = [];
  if (!PREFIX.test(prefix))
    issues.push({ path: 'prefix', value: prefix, expected: '1–12 characters of A-Z, a-z, 0-9 and _' });
  if (!Number.isSafeInteger(session) || session < 0 || session > MAX_SESSION)
    issues.push({ path: 'session', value: session, expected: `an integer from 0 to ${MAX_SESSION}` });
  if (!Number.isSafeInteger(start) || start < 0 || start > MAX_COUNTER)
    issues.push({ path: 'start', value: start, expected: `an integer from 0 to ${MAX_COUNTER}` });
  if (issues.length > 0) throw validationError(issues, 'client order id source');
  const head = `${prefix}-${session.toString(36)}-`;
  let counter = start;
  return {
    next(): string {
      if (counter > MAX_COUNTER)
        throw validationError(
          [{ path: 'counter', value: counter, expected: `at most ${MAX_COUNTER} orders per session` }],
          'client order id source',
        );
      return head + counter++;
    },
  };
}
