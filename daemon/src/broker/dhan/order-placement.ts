// Placing an order so that it is never placed twice. A place whose outcome is unknown (timeout,
// connection reset, 5xx, an unreadable 2xx) is never resent blindly: the order is looked up by its
// correlation id (= our client order id) several times with backoff, and the order book is read
// as a second witness. Only when every lookup answers "no such order" and the book does not list
// it is the place sent again. If the lookups themselves fail, the outcome stays unknown and the
// caller gets BROKER_OUTCOME_UNKNOWN: the ledger keeps the order `sent` and reconciliation decides.
// A place that certainly did not reach the broker (refused connection, 429) is simply sent again.
import { AppError } from '../../core/errors';
import type { DhanOrder, DhanOrderAck, DhanPlaceRequest, DhanPlaceOutcome } from './dhan-records';
import { DhanError } from './dhan-errors';
import { backoffMs, sleep, type RetryPolicy } from './read-retry';

export interface PlacementOps {
  /** One place request, no retries. */
  send(request: DhanPlaceRequest, signal?: AbortSignal): Promise<DhanOrderAck[]>;
  /** 'absent' only when the broker answered that it has no such order. */
  lookup(clientOrderId: string, signal?: AbortSignal): Promise<DhanOrder[] | 'absent'>;
  /** Today's order book. */
  orderBook(signal?: AbortSignal): Promise<DhanOrder[]>;
}

export interface PlacementPolicy {
  /** Most sends of one order; each after the broker confirmed it had none (default 3). */
  maxSends: number;
  /** Retries of a place that certainly did not reach the broker (default 3). */
  notSentRetries: number;
  /** Lookups that must all say "absent" before a resend (default 4). */
  confirmations: number;
  /** Spacing of those lookups (default 1 s, doubling, up to 8 s: ~15 s in all). */
  lookup: RetryPolicy;
}

export const DEFAULT_PLACEMENT: PlacementPolicy = {
  maxSends: 3,
  notSentRetries: 3,
  confirmations: 4,
  lookup: { attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 },
};

type Resolution = { found: DhanOrder[] } | { absent: true } | { unknown: string };

/** Looks the order up until the broker has said "absent" `confirmations` times or shown it. */
async function resolve(
  ops: PlacementOps,
  id: string,
  policy: PlacementPolicy,
  signal?: AbortSignal,
): Promise<Resolution> {
  let absent = 0;
  let lastProblem = '';
  const tries = policy.confirmations + policy.lookup.attempts;
  for (let n = 1; n <= tries && absent < policy.confirmations; n++) {
    await sleep(backoffMs(policy.lookup, Math.min(n, 8)), signal);
    try {
      const result = await ops.lookup(id, signal);
      if (result !== 'absent' && result.length > 0) return { found: result };
      absent++;
    } catch (err) {
      if (err instanceof DhanError && err.action !== 'retry') return { unknown: err.message };
      lastProblem = (err as Error).message;
    }
  }
  if (absent < policy.confirmations) return { unknown: lastProblem || 'the lookups did not answer' };
  // Second witness: the order book must not list it either.
  try {
    const book = (await ops.orderBook(signal)).filter((o) => o.clientOrderId === id);
    return book.length > 0 ? { found: book } : { absent: true };
  } catch (err) {
    return { unknown: (err as Error).message };
  }
}

function outcome(acks: DhanOrderAck[], sends: number, recovered: boolean): DhanPlaceOutcome[] {
  return acks.map((a) => ({ ...a, sends, recovered }));
}

/** Places one order (or one sliced order: several acks). Never sends it twice. */
export async function placeSafely(
  ops: PlacementOps,
  request: DhanPlaceRequest,
  policy: PlacementPolicy = DEFAULT_PLACEMENT,
  signal?: AbortSignal,
): Promise<DhanPlaceOutcome[]> {
  let sends = 0;
  let notSent = 0;
  for (;;) {
    sends++;
    try {
      return outcome(await ops.send(request, signal), sends, false);
    } catch (err) {
      if (!(err instanceof DhanError) || err.action !== 'retry') throw err;
      if (!err.outcomeUnknown) {
        // Certainly not acted on (refused connection, 429, circuit open): safe to send again.
        sends--;
        if (err.code === 'BROKER_LINK_DOWN' || ++notSent > policy.notSentRetries) throw err;
        await sleep(Math.max(backoffMs(policy.lookup, notSent), err.retryAfterMs ?? 0), signal);
        continue;
      }
      const found = await resolve(ops, request.clientOrderId, policy, signal);
      if ('found' in found)
        return outcome(
          found.found.map((o) => ({
            brokerOrderId: o.brokerOrderId,
            status: o.status,
            brokerStatus: o.brokerStatus,
          })),
          sends,
          true,
        );
      if ('unknown' in found) {
        throw new AppError(
          'BROKER_OUTCOME_UNKNOWN',
          `order ${request.clientOrderId}: the place failed (${err.message}) and whether Dhan has it is not known (${found.unknown}); it will not be sent again — reconciliation will find it`,
          { clientOrderId: request.clientOrderId, sends },
          { cause: err },
        );
      }
      if (sends >= policy.maxSends) {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          `order ${request.clientOrderId} was not placed: sent ${sends} times, each failed (last: ${err.message}) and each time Dhan confirmed it has no such order`,
          { clientOrderId: request.clientOrderId, sends, placed: false },
          { cause: err },
        );
      }
      // The broker confirmed it has no such order: sending again cannot duplicate it.
    }
  }
}
