// Dhan as a BrokerLink (../broker-link.ts): the ledger's requests onto the REST client, Dhan's
// order updates onto the ledger's update type. Thin on purpose — the never-twice placement logic
// stays in the client (order-placement.ts placeSafely): a place whose outcome is unknown comes
// back from it either acknowledged (found by correlation id) or as BROKER_OUTCOME_UNKNOWN, which
// becomes the port's 'unknown' (the ledger keeps the order `sent`; it is looked up, never resent).
//
// Mapping decisions (docs/dhan.md, "Orders through the ledger"):
//   - An order above the instrument's freeze quantity goes through POST /orders/slicing. Its slices
//     share our client order id and are shown to the ledger as ONE order (dhan-port-mapping.ts
//     combineSlices); each slice's trades are separate fills. Cancel cancels every working slice;
//     a sliced order's quantity cannot be modified (its price can, slice by slice).
//   - A socket message has no trade id, so when an order's filled quantity grows the link reads
//     its trades (GET /trades/{id}) and hands each over as a fill (the trade id is the fill's key),
//     then the order's status with the raw message. A trade book that lags is read again a few
//     times; what is still missing is healed by reconciliation.
//   - A place refused before it reached Dhan (link down, token expired, local rate limit, every
//     send confirmed absent) is a 'rejected' with details.notSent: the order is certainly not at
//     the broker, and the ledger closes it with the reason.
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import {
  BrokerError,
  type BrokerLink,
  type BrokerOrder,
  type BrokerOrderUpdate,
  type BrokerTrade,
  type BrokerUpdateListener,
  type FindOrderResult,
  type ModifyOrderRequest,
  type PlaceAck,
  type PlaceOrderRequest,
} from '../broker-link';
import { canSendOrders, type LinkStatus } from '../link-state';
import { DhanError } from './dhan-errors';
import type { DhanOrderUpdate } from './dhan-order-update';
import {
  asBrokerStatus,
  asOrderType,
  combineSlices,
  foreignOrder,
  sliceOfOrder,
  sliceOfUpdate,
  toPortFunds,
  toPortPosition,
  toPortTrade,
  type DhanSlice,
} from './dhan-port-mapping';
import type { DhanOrder, DhanPlaceOutcome, DhanPlaceRequest } from './dhan-records';
import { bySliceId, createSliceBook } from './dhan-slice-book';
import type { DhanRestClient } from './rest-client';

export interface DhanBrokerLinkOptions {
  /** The account's REST client (its held link's, or a standalone one for REST-only use). */
  rest: DhanRestClient;
  /** The account's order updates, where this process holds its socket (AccountLink.onOrderUpdate). */
  updates?: (listener: (u: DhanOrderUpdate) => void) => () => void;
  /** The link's state: orders are refused unsent unless it can send (canSendOrders). */
  status?: () => LinkStatus;
  log: Logger;
  now?: () => number;
  /** Reads of an order's trades while the trade book lags its filled quantity (default 3). */
  tradeReads?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type DhanBrokerLink = BrokerLink & {
  /** Stops listening to order updates (the link's other calls keep working). */
  close(): void;
  /** Resolves once every update received so far has been handed to the listeners. */
  idle(): Promise<void>;
};

/** The port's error for a failed Dhan call: 'rejected' only when Dhan certainly holds no such order. */
export function portError(err: unknown, what: string): BrokerError {
  if (err instanceof BrokerError) return err;
  const e = err as Partial<AppError> & Error;
  const notSent =
    (err instanceof DhanError &&
      (err.action === 'reauthenticate' ||
        err.action === 'stop' ||
        err.code === 'BROKER_LINK_DOWN' ||
        (err.action === 'retry' && !err.outcomeUnknown))) ||
    (err instanceof AppError &&
      (err.code === 'RATE_LIMITED' ||
        (err.code === 'DEPENDENCY_UNAVAILABLE' && err.details?.placed === false)));
  const details = { code: e.code, ...(err instanceof DhanError ? { dhanCode: err.dhanCode } : {}) };
  if (err instanceof DhanError && err.action === 'reject')
    return new BrokerError('rejected', e.message, details, { cause: err });
  if (notSent)
    return new BrokerError(
      'rejected',
      `${what} not sent: ${e.message}`,
      { ...details, notSent: true },
      { cause: err },
    );
  return new BrokerError('unknown', `${what}: ${e.message}`, details, { cause: err });
}

function dhanRequest(r: PlaceOrderRequest): DhanPlaceRequest {
  if (!r.instrument.securityId)
    throw new BrokerError(
      'rejected',
      `order ${r.clientOrderId}: ${r.instrument.symbol} has no Dhan security id (import the instrument master)`,
      { notSent: true, field: 'instrument.securityId' },
    );
  return {
    clientOrderId: r.clientOrderId,
    side: r.side,
    segment: r.instrument.segment,
    securityId: r.instrument.securityId,
    product: r.product,
    orderType: r.orderType,
    validity: r.validity,
    quantity: r.qty,
    ...(r.limitPrice !== undefined ? { price: r.limitPrice } : {}),
    ...(r.triggerPrice !== undefined ? { triggerPrice: r.triggerPrice } : {}),
  };
}

export function createDhanBrokerLink(options: DhanBrokerLinkOptions): DhanBrokerLink {
  const { rest, log } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const book = createSliceBook();
  const listeners = new Set<BrokerUpdateListener>();
  let queue: Promise<void> = Promise.resolve();

  const emit = async (update: BrokerOrderUpdate) => {
    for (const l of listeners) {
      try {
        await l(update);
      } catch (err) {
        log.warn(
          { err: (err as Error).message, clientOrderId: update.order.clientOrderId },
          'order update listener failed',
        );
      }
    }
  };

  /** Every slice of a client order id, read from Dhan (authoritative). */
  async function loadGroup(clientOrderId: string): Promise<DhanSlice[]> {
    const rows = await rest.ordersByClientId(clientOrderId);
    const slices = rows.flatMap((o) => sliceOfOrder(o) ?? []);
    if (slices.length) book.replace(clientOrderId, slices);
    return book.slices(clientOrderId);
  }

  /** The client order id a Dhan order id belongs to (read back when this process has not seen it). */
  async function ownerOf(brokerOrderId: string): Promise<string> {
    const known = book.ownerOf(brokerOrderId);
    if (known) return known;
    const order = await rest.order(brokerOrderId);
    if (!order.clientOrderId)
      throw new BrokerError('rejected', `Dhan order ${brokerOrderId} was not placed through QuantTrade`);
    return order.clientOrderId;
  }

  async function tradesOfSlices(slices: readonly DhanSlice[]): Promise<BrokerTrade[]> {
    const out: BrokerTrade[] = [];
    for (const s of slices)
      for (const t of await rest.tradesOfOrder(s.brokerOrderId)) {
        const trade = toPortTrade(t, s.clientOrderId, now());
        if (trade) out.push(trade);
      }
    return out;
  }

  /** Hands over the trades of slices whose filled quantity grew, reading again while the book lags. */
  async function deliverFills(clientOrderId: string, order: BrokerOrder): Promise<void> {
    const attempts = options.tradeReads ?? 3;
    for (let n = 1; n <= attempts; n++) {
      const due = book.unbooked(clientOrderId);
      if (due.length === 0) return;
      if (n > 1) await sleep(100 * 2 ** n);
      try {
        for (const t of await tradesOfSlices(due))
          if (book.booked(clientOrderId, t.brokerOrderId, t.tradeId, t.qty))
            await emit({ kind: 'fill', trade: t, order });
      } catch (err) {
        log.warn(
          { err: (err as Error).message, clientOrderId },
          'trades of a filled order not read; reconciliation will book them',
        );
        return;
      }
    }
  }

  async function handle(u: DhanOrderUpdate): Promise<void> {
    const slice = sliceOfUpdate(u);
    if (!slice) return; // not placed through us: reconciliation reports it
    const id = slice.clientOrderId;
    book.merge(slice);
    // Fills are facts whatever else is known: each trade is booked once, by its id.
    await deliverFills(id, combineSlices(book.slices(id), u.raw));
    // A view of part of a sliced order would show the ledger a smaller quantity, or an end that
    // is only one slice's: every slice is read first (once; later messages find them known).
    if (!book.isComplete(id)) {
      await loadGroup(id).catch(() => undefined);
      if (!book.isComplete(id)) return; // reconciliation settles it
      await deliverFills(id, combineSlices(book.slices(id), u.raw));
    }
    await emit({ kind: 'status', order: combineSlices(book.slices(id), u.raw) });
    book.settle(id);
  }

  const unsubscribe = options.updates?.((u) => {
    queue = queue
      .then(() => handle(u))
      .catch((err: Error) => log.warn({ err: err.message }, 'order update not handled'));
  });

  async function place(request: PlaceOrderRequest): Promise<PlaceAck> {
    const state = options.status?.();
    if (state && !canSendOrders(state.state))
      throw new BrokerError(
        'rejected',
        `order ${request.clientOrderId} not sent: the Dhan link is ${state.state}${state.detail ? ` (${state.detail})` : ''}`,
        { notSent: true, linkState: state.state },
      );
    const dhan = dhanRequest(request);
    const freeze = request.instrument.freezeQty;
    let outcomes: DhanPlaceOutcome[];
    const sliced = freeze !== undefined && request.qty > freeze;
    if (!sliced) book.sendingWhole(request.clientOrderId);
    try {
      outcomes = sliced ? await rest.placeSlicedOrder(dhan) : [await rest.placeOrder(dhan)];
    } catch (err) {
      throw portError(err, `order ${request.clientOrderId}`);
    }
    outcomes.sort((a, b) => bySliceId(a.brokerOrderId, b.brokerOrderId));
    const first = outcomes[0]!;
    const whole =
      outcomes.length === 1 && !first.recovered
        ? sliceOfOrder({
            brokerOrderId: first.brokerOrderId,
            clientOrderId: request.clientOrderId,
            status: first.status,
            brokerStatus: first.brokerStatus,
            side: request.side,
            segment: request.instrument.segment,
            securityId: dhan.securityId,
            tradingSymbol: request.instrument.symbol,
            product: request.product,
            orderType: request.orderType,
            validity: request.validity,
            quantity: request.qty,
            filledQty: 0,
            remainingQty: request.qty,
            price: request.limitPrice ?? 0,
            triggerPrice: request.triggerPrice ?? 0,
            averagePrice: 0,
            updatedAt: now(),
          } satisfies DhanOrder)
        : undefined;
    book.placed(
      request.clientOrderId,
      outcomes.map((o) => o.brokerOrderId),
      whole,
    );
    if (outcomes.every((o) => o.status === 'rejected'))
      return {
        brokerOrderId: first.brokerOrderId,
        status: 'rejected',
        reason: await rejection(first),
        raw: { acks: outcomes },
      };
    return {
      brokerOrderId: first.brokerOrderId,
      status: outcomes.length === 1 ? asBrokerStatus(first.status) : 'open',
      raw: { acks: outcomes },
    };
  }

  /** Dhan's reason for a rejection on arrival: the place answer does not carry it, the order does. */
  async function rejection(ack: DhanPlaceOutcome): Promise<string> {
    try {
      const o = await rest.order(ack.brokerOrderId);
      return o.reason ?? `rejected by Dhan (${o.brokerStatus})`;
    } catch {
      return `rejected by Dhan (${ack.brokerStatus}); the reason could not be read`;
    }
  }

  async function orders(): Promise<BrokerOrder[]> {
    const rows = await rest.orderBook();
    const groups = new Map<string, DhanSlice[]>();
    const out: BrokerOrder[] = [];
    for (const o of rows) {
      const slice = o.clientOrderId ? sliceOfOrder(o) : undefined;
      if (slice) groups.set(slice.clientOrderId, [...(groups.get(slice.clientOrderId) ?? []), slice]);
      else if (!o.clientOrderId) {
        const foreign = foreignOrder(o);
        if (foreign) out.push(foreign);
      }
    }
    book.retain(new Set(groups.keys()));
    for (const [id, slices] of groups) {
      book.replace(id, slices);
      out.push(combineSlices(book.slices(id), { slices: slices.map((s) => s.raw) }));
    }
    return out;
  }

  async function workingSlices(brokerOrderId: string): Promise<DhanSlice[]> {
    const id = await ownerOf(brokerOrderId);
    const slices = book.isComplete(id) ? book.slices(id) : await loadGroup(id);
    return slices.filter((s) => s.status === 'open' || s.status === 'partially_filled');
  }

  return {
    venue: 'dhan',
    dayPositionProducts: ['CNC'],
    place,

    async cancel(brokerOrderId) {
      let working: DhanSlice[];
      try {
        working = await workingSlices(brokerOrderId);
        for (const s of working) await rest.cancelOrder(s.brokerOrderId);
      } catch (err) {
        throw portError(err, `cancel of ${brokerOrderId}`);
      }
    },

    async modify(brokerOrderId, change: ModifyOrderRequest) {
      try {
        const working = await workingSlices(brokerOrderId);
        if (working.length > 1 && change.qty !== undefined)
          throw new BrokerError(
            'rejected',
            `order ${brokerOrderId} is ${working.length} Dhan orders (sliced above the freeze quantity): its quantity cannot be modified; cancel it and place a new one`,
          );
        for (const s of working) {
          const orderType = change.orderType ?? asOrderType(s.orderType);
          const limit = orderType === 'LIMIT' || orderType === 'STOP_LOSS';
          const stop = orderType === 'STOP_LOSS' || orderType === 'STOP_LOSS_MARKET';
          await rest.modifyOrder({
            brokerOrderId: s.brokerOrderId,
            orderType,
            validity: change.validity ?? (s.validity === 'IOC' ? 'IOC' : 'DAY'),
            quantity: change.qty ?? s.quantity,
            ...(limit ? { price: change.limitPrice ?? s.price } : {}),
            ...(stop ? { triggerPrice: change.triggerPrice ?? s.triggerPrice } : {}),
          });
        }
      } catch (err) {
        throw portError(err, `modify of ${brokerOrderId}`);
      }
    },

    async findOrder(clientOrderId): Promise<FindOrderResult> {
      const rows = await rest.ordersByClientId(clientOrderId);
      const slices = rows.flatMap((o) => sliceOfOrder(o) ?? []);
      if (slices.length === 0) return { found: false };
      book.replace(clientOrderId, slices);
      return { found: true, order: combineSlices(book.slices(clientOrderId)) };
    },

    orders,

    async trades(filter = {}) {
      if (filter.brokerOrderId !== undefined) {
        const id = await ownerOf(filter.brokerOrderId);
        return tradesOfSlices(book.isComplete(id) ? book.slices(id) : await loadGroup(id));
      }
      const rows = await rest.trades();
      // The trade book has no correlation id: the order book says whose each trade is.
      if (rows.some((t) => !book.ownerOf(t.brokerOrderId))) await orders();
      return rows.flatMap((t) => toPortTrade(t, book.ownerOf(t.brokerOrderId) ?? '', now()) ?? []);
    },

    async positions() {
      return (await rest.positions()).flatMap((p) => toPortPosition(p) ?? []);
    },

    async funds() {
      return toPortFunds(await rest.funds());
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close() {
      unsubscribe?.();
    },

    idle: () => queue,
  };
}
