// What the Dhan BrokerLink remembers of our orders between calls: the Dhan orders (slices) of
// each client order id, whether that list is known to be complete, and the trades already handed
// to the ledger. Memory only — after a restart it is rebuilt from the broker (a lookup by
// correlation id, the order book), and the ledger's idempotent apply makes a repeat harmless.
import { TERMINAL_ORDER_STATUSES } from '../../core/order-lifecycle';
import { isNewer, type DhanSlice } from './dhan-port-mapping';

interface Group {
  slices: Map<string, DhanSlice>;
  /**
   * True when the slices are every Dhan order of the client order id: read from the broker (a
   * lookup or the order book) or placed whole by us. A group seen only through socket messages
   * might miss a slice, and must not be reported ended on their word.
   */
  complete: boolean;
  /** Slice ids the place answered with, before their states are known. */
  expected: Set<string>;
  /** Placed unsliced by this process: the first Dhan order seen is all of it. */
  single: boolean;
  /** Trades handed to the ledger, and their quantity per slice. */
  trades: Set<string>;
  tradedQty: Map<string, number>;
}

/** Numeric-aware order of Dhan order ids: the first slice is the lowest id. */
export const bySliceId = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export function createSliceBook() {
  const groups = new Map<string, Group>();
  const owners = new Map<string, string>();

  const group = (clientOrderId: string): Group => {
    let g = groups.get(clientOrderId);
    if (!g) {
      g = {
        slices: new Map(),
        complete: false,
        expected: new Set(),
        single: false,
        trades: new Set(),
        tradedQty: new Map(),
      };
      groups.set(clientOrderId, g);
    }
    return g;
  };

  function merge(slice: DhanSlice): void {
    const g = group(slice.clientOrderId);
    owners.set(slice.brokerOrderId, slice.clientOrderId);
    const known = g.slices.get(slice.brokerOrderId);
    if (!known || isNewer(known, slice)) g.slices.set(slice.brokerOrderId, slice);
  }

  return {
    merge,
    /** Every slice of the client order id, as read from the broker: the group is complete. */
    replace(clientOrderId: string, slices: readonly DhanSlice[]): void {
      for (const s of slices) merge(s);
      const g = group(clientOrderId);
      g.complete = true;
    },
    /** About to place the order unsliced: an update racing the place's answer is the whole order. */
    sendingWhole(clientOrderId: string): void {
      group(clientOrderId).single = true;
    },
    /** The place answered with these slice ids (their states come with updates or a read). */
    placed(clientOrderId: string, ids: readonly string[], whole?: DhanSlice): void {
      const g = group(clientOrderId);
      for (const id of ids) {
        owners.set(id, clientOrderId);
        g.expected.add(id);
      }
      if (whole) {
        merge(whole);
        g.complete = true;
      }
    },
    slices(clientOrderId: string): DhanSlice[] {
      const g = groups.get(clientOrderId);
      return g ? [...g.slices.values()].sort((a, b) => bySliceId(a.brokerOrderId, b.brokerOrderId)) : [];
    },
    /** Complete, with a state for every slice the place answered with. */
    isComplete(clientOrderId: string): boolean {
      const g = groups.get(clientOrderId);
      if (!g) return false;
      if (g.single && g.slices.size === 1) return true;
      return g.complete && [...g.expected].every((id) => g.slices.has(id));
    },
    ownerOf: (brokerOrderId: string) => owners.get(brokerOrderId),
    /** Slices whose filled quantity is above what their handed-over trades add up to. */
    unbooked(clientOrderId: string): DhanSlice[] {
      const g = groups.get(clientOrderId);
      if (!g) return [];
      return [...g.slices.values()].filter((s) => s.filledQty > (g.tradedQty.get(s.brokerOrderId) ?? 0));
    },
    /** Records a trade handed to the ledger; false when it already was. */
    booked(clientOrderId: string, brokerOrderId: string, tradeId: string, qty: number): boolean {
      const g = group(clientOrderId);
      if (g.trades.has(tradeId)) return false;
      g.trades.add(tradeId);
      g.tradedQty.set(brokerOrderId, (g.tradedQty.get(brokerOrderId) ?? 0) + qty);
      return true;
    },
    /** Forgets a group once every slice ended and every fill was handed over. */
    settle(clientOrderId: string): void {
      const g = groups.get(clientOrderId);
      if (!g || !g.complete) return;
      const slices = [...g.slices.values()];
      const done = slices.every(
        (s) =>
          TERMINAL_ORDER_STATUSES.has(s.status) && (g.tradedQty.get(s.brokerOrderId) ?? 0) >= s.filledQty,
      );
      if (!done || slices.length < g.expected.size) return;
      groups.delete(clientOrderId);
      for (const s of slices) owners.delete(s.brokerOrderId);
    },
    /** Forgets the groups the order book no longer lists (orders of earlier days). */
    retain(clientOrderIds: ReadonlySet<string>): void {
      for (const [id, g] of groups) {
        if (clientOrderIds.has(id)) continue;
        groups.delete(id);
        for (const sliceId of [...g.slices.keys(), ...g.expected]) owners.delete(sliceId);
      }
    },
    size: () => groups.size,
  };
}

export type SliceBook = ReturnType<typeof createSliceBook>;
