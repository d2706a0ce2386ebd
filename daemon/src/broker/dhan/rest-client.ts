// The Dhan REST client (../shared/reference/dhan-api.md §2–§3): every order and portfolio endpoint
// the link uses, returning Dhan records (dhan-records.ts) — no wire type leaves this file.
// Reads retry with backoff (read-retry.ts); places go through placeSafely (order-placement.ts);
// modify is never retried (a second modify would spend one of the order's 25); cancel is retried
// only after reading the order back.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type {
  DhanFunds,
  DhanHolding,
  DhanOrder,
  DhanPosition,
  DhanProfile,
  DhanTrade,
  DhanModifyRequest,
  DhanOrderAck,
  DhanPlaceRequest,
  DhanPlaceOutcome,
} from './dhan-records';
import { DhanError } from './dhan-errors';
import {
  toDhanFunds,
  toDhanHolding,
  toDhanOrder,
  toDhanPosition,
  toDhanProfile,
  toDhanTrade,
  toOrderAck,
} from './dhan-parse';
import {
  fundsWire,
  holdingWire,
  killSwitchWire,
  orderAckWire,
  orderWire,
  positionWire,
  profileWire,
  renewWire,
  tradeWire,
} from './dhan-wire';
import { DEFAULT_PLACEMENT, placeSafely, type PlacementOps, type PlacementPolicy } from './order-placement';
import { checkOrderId, modifyBody, placeBody } from './order-request';
import { DEFAULT_READ_RETRY, withRetry, type RetryPolicy } from './read-retry';
import type { CallSpec, RestCaller } from './rest-caller';
import { tokenExpiry } from './token-info';

// Preprocessing (not unions) keeps zod's messages pointing at the field that is wrong.
/** A list; null means an empty one. */
const list = <S extends z.ZodType>(item: S) => z.preprocess((v) => (v === null ? [] : v), z.array(item));
/** Dhan documents an object; an array (of one, or none) has been seen too, and null or {} for none. */
const oneOrMany = <S extends z.ZodType>(item: S) =>
  z.preprocess((v) => {
    if (v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)) return [];
    return Array.isArray(v) ? v : [v];
  }, z.array(item));

export interface RestClientOptions {
  caller: RestCaller;
  readRetry?: RetryPolicy;
  placement?: PlacementPolicy;
}

export function createDhanRestClient(options: RestClientOptions) {
  const { caller } = options;
  const readPolicy = options.readRetry ?? DEFAULT_READ_RETRY;
  const read = <S extends z.ZodType>(spec: Omit<CallSpec<S>, 'method' | 'category'>) =>
    withRetry(readPolicy, () => caller.call({ ...spec, method: 'GET', category: 'others' }), spec.signal);

  async function orderById(id: string, signal?: AbortSignal): Promise<DhanOrder> {
    const path = `/orders/${checkOrderId(id)}`;
    const rows = await read({ path, endpoint: 'GET /orders/{id}', schema: oneOrMany(orderWire), signal });
    if (!rows.length) throw new AppError('NOT_FOUND', `Dhan has no order ${id}`, { brokerOrderId: id });
    return toDhanOrder(rows[0]!);
  }

  /** Our order by client order id; 'absent' only when Dhan answered that it has none. */
  async function lookup(clientOrderId: string, signal?: AbortSignal): Promise<DhanOrder[] | 'absent'> {
    const id = checkOrderId(clientOrderId, 'clientOrderId');
    const endpoint = 'GET /orders/external/{correlationId}';
    try {
      const rows = await read({
        path: `/orders/external/${id}`,
        endpoint,
        schema: oneOrMany(orderWire),
        signal,
      });
      const orders = rows.map(toDhanOrder).filter((o) => !o.clientOrderId || o.clientOrderId === id);
      return orders.length ? orders : 'absent';
    } catch (err) {
      // A 4xx refusal of the lookup (not auth, not rate) is Dhan saying it has no such order.
      if (err instanceof DhanError && err.action === 'reject') return 'absent';
      throw err;
    }
  }

  async function orderBook(signal?: AbortSignal): Promise<DhanOrder[]> {
    return (await read({ path: '/orders', endpoint: 'GET /orders', schema: list(orderWire), signal })).map(
      toDhanOrder,
    );
  }

  function placementOps(path: '/orders' | '/orders/slicing'): PlacementOps {
    const endpoint = `POST ${path}`;
    return {
      async send(request, signal) {
        const body = placeBody(request);
        const schema = path === '/orders' ? orderAckWire.transform((a) => [a]) : z.array(orderAckWire).min(1);
        const acks = await caller.call({
          method: 'POST',
          path,
          endpoint,
          category: 'orders',
          body,
          schema,
          orderWrite: true,
          signal,
        });
        return acks.map(toOrderAck);
      },
      lookup,
      orderBook,
    };
  }

  return {
    /** Places an order; never twice (see order-placement.ts). */
    async placeOrder(request: DhanPlaceRequest, signal?: AbortSignal): Promise<DhanPlaceOutcome> {
      const [first] = await placeSafely(
        placementOps('/orders'),
        request,
        options.placement ?? DEFAULT_PLACEMENT,
        signal,
      );
      return first!;
    },

    /** Places an order above the freeze quantity: Dhan splits it; one ack per slice. */
    placeSlicedOrder(request: DhanPlaceRequest, signal?: AbortSignal): Promise<DhanPlaceOutcome[]> {
      return placeSafely(
        placementOps('/orders/slicing'),
        request,
        options.placement ?? DEFAULT_PLACEMENT,
        signal,
      );
    },

    /** Modifies a working order. Not retried: on an unknown outcome, read the order back. */
    async modifyOrder(request: DhanModifyRequest, signal?: AbortSignal): Promise<DhanOrderAck> {
      const body = modifyBody(request);
      const path = `/orders/${checkOrderId(request.brokerOrderId)}`;
      const ack = await caller.call({
        method: 'PUT',
        path,
        endpoint: 'PUT /orders/{id}',
        category: 'orders',
        body,
        schema: orderAckWire,
        orderWrite: true,
        signal,
      });
      return toOrderAck(ack);
    },

    /** Cancels an order; after an unknown outcome, reads it back and cancels again only if still working. */
    async cancelOrder(brokerOrderId: string, signal?: AbortSignal): Promise<DhanOrderAck> {
      const path = `/orders/${checkOrderId(brokerOrderId)}`;
      const schema = z.union([orderAckWire, z.null(), z.object({}).strict()]);
      for (let attempt = 1; ; attempt++) {
        try {
          const ack = await caller.call({
            method: 'DELETE',
            path,
            endpoint: 'DELETE /orders/{id}',
            category: 'orders',
            schema,
            orderWrite: true,
            signal,
          });
          if (ack && typeof ack.orderId === 'string') return toOrderAck(ack as z.output<typeof orderAckWire>);
          return { brokerOrderId, status: 'cancelled', brokerStatus: 'CANCELLED' };
        } catch (err) {
          if (!(err instanceof DhanError) || err.action !== 'retry' || attempt >= 3) throw err;
          const now = await orderById(brokerOrderId, signal);
          if (now.status !== 'open' && now.status !== 'partially_filled')
            return { brokerOrderId, status: now.status, brokerStatus: now.brokerStatus };
        }
      }
    },

    orderBook,
    order: orderById,
    /** Our order by client order id, or undefined when Dhan has none. */
    async orderByClientId(clientOrderId: string, signal?: AbortSignal): Promise<DhanOrder | undefined> {
      const found = await lookup(clientOrderId, signal);
      return found === 'absent' ? undefined : found[0];
    },
    /** Every Dhan order with this correlation id (a sliced order has several); [] when Dhan has none. */
    async ordersByClientId(clientOrderId: string, signal?: AbortSignal): Promise<DhanOrder[]> {
      const found = await lookup(clientOrderId, signal);
      return found === 'absent' ? [] : found;
    },
    async trades(signal?: AbortSignal): Promise<DhanTrade[]> {
      return (await read({ path: '/trades', endpoint: 'GET /trades', schema: list(tradeWire), signal })).map(
        toDhanTrade,
      );
    },
    async tradesOfOrder(brokerOrderId: string, signal?: AbortSignal): Promise<DhanTrade[]> {
      const path = `/trades/${checkOrderId(brokerOrderId)}`;
      return (await read({ path, endpoint: 'GET /trades/{id}', schema: oneOrMany(tradeWire), signal })).map(
        toDhanTrade,
      );
    },
    async positions(signal?: AbortSignal): Promise<DhanPosition[]> {
      return (
        await read({ path: '/positions', endpoint: 'GET /positions', schema: list(positionWire), signal })
      ).map(toDhanPosition);
    },
    async holdings(signal?: AbortSignal): Promise<DhanHolding[]> {
      try {
        return (
          await read({ path: '/holdings', endpoint: 'GET /holdings', schema: list(holdingWire), signal })
        ).map(toDhanHolding);
      } catch (err) {
        // Dhan answers an empty demat account with an error (DH-1111, "no holdings").
        if (err instanceof DhanError && (err.dhanCode === 'DH-1111' || /no holding/i.test(err.message)))
          return [];
        throw err;
      }
    },
    async funds(signal?: AbortSignal): Promise<DhanFunds> {
      return toDhanFunds(
        await read({ path: '/fundlimit', endpoint: 'GET /fundlimit', schema: fundsWire, signal }),
      );
    },
    async profile(signal?: AbortSignal): Promise<DhanProfile> {
      return toDhanProfile(
        await read({ path: '/profile', endpoint: 'GET /profile', schema: profileWire, signal }),
      );
    },
    async killSwitch(signal?: AbortSignal): Promise<{ active: boolean; message: string }> {
      const w = await read({
        path: '/killswitch',
        endpoint: 'GET /killswitch',
        schema: killSwitchWire,
        signal,
      });
      return { active: isActive(w.killSwitchStatus), message: w.killSwitchStatus };
    },
    /** Activates (or deactivates) Dhan's own kill switch for the rest of the trading day. */
    async setKillSwitch(
      active: boolean,
      signal?: AbortSignal,
    ): Promise<{ active: boolean; message: string }> {
      const w = await caller.call({
        method: 'POST',
        path: '/killswitch',
        endpoint: 'POST /killswitch',
        category: 'others',
        query: { killSwitchStatus: active ? 'ACTIVATE' : 'DEACTIVATE' },
        schema: killSwitchWire,
        signal,
      });
      return { active, message: w.killSwitchStatus };
    },
    /** A new 24 h token for the current one (which stops working). Only works before it expires. */
    async renewToken(signal?: AbortSignal): Promise<{ accessToken: string; expiresAt?: number }> {
      const spec = {
        path: '/RenewToken',
        endpoint: 'GET /RenewToken',
        category: 'others' as const,
        schema: renewWire,
        clientIdHeader: true,
        signal,
      };
      let w;
      try {
        w = await caller.call({ ...spec, method: 'GET' });
      } catch (err) {
        // The verb is not documented for sure: the Python client GETs, an archive POSTs.
        if (!(err instanceof DhanError) || (err.httpStatus !== 404 && err.httpStatus !== 405)) throw err;
        w = await caller.call({ ...spec, method: 'POST', endpoint: 'POST /RenewToken', body: {} });
      }
      const accessToken = w.accessToken ?? w.token;
      if (!accessToken)
        throw new DhanError('Dhan /RenewToken answered without a token (expected accessToken or token)', {
          endpoint: spec.endpoint,
          action: 'retry',
          sent: 'sent',
        });
      return { accessToken, expiresAt: tokenExpiry(accessToken) ?? parseExpiry(w.expiryTime) };
    },
    /** Whether the broker has refused the current token. */
    authRefused: () => caller.authRefused(),
  };
}

function isActive(status: string): boolean {
  return /activ/i.test(status) && !/deactiv/i.test(status);
}

function parseExpiry(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : undefined;
}

export type DhanRestClient = ReturnType<typeof createDhanRestClient>;
