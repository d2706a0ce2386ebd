// A position booked exactly, by the average-cost method, in integer paise. The ledger and the
// paper venue both book fills with it, so their positions and realised P&L agree to the paisa.
//
// The open quantity's cost basis is kept instead of an average price: a closing fill releases
// basis · closed / held (rounded half away from zero to the paisa) and closing to zero releases
// all that is left, so over a round trip the realised P&L is exactly sales − purchases, however
// many partial fills it took. An average price (basis / qty) is only ever displayed.
import { divRound } from './exact-money';

export interface BookedPosition {
  /** Signed quantity: > 0 long, < 0 short. */
  qty: bigint;
  /** Signed value of the open quantity at its entry prices, paise (long > 0, short < 0). */
  basis: bigint;
  /** Realised P&L so far, paise, before charges. */
  realised: bigint;
}

export const FLAT_POSITION: Readonly<BookedPosition> = Object.freeze({ qty: 0n, basis: 0n, realised: 0n });

export interface BookedFill {
  position: BookedPosition;
  /** P&L this fill realised, paise. */
  realised: bigint;
  /** Quantity of the fill that closed existing exposure. */
  closed: bigint;
}

/** Books one fill of `qty` (> 0) at `pricePaise` on `pos`; returns the new position. */
export function bookFill(
  pos: BookedPosition,
  side: 'buy' | 'sell',
  qty: bigint,
  pricePaise: bigint,
): BookedFill {
  if (qty <= 0n) throw new RangeError(`bookFill: quantity must be positive, got ${qty}`);
  const signed = side === 'buy' ? qty : -qty;
  if (pos.qty === 0n || pos.qty > 0n === signed > 0n) {
    return {
      position: { qty: pos.qty + signed, basis: pos.basis + signed * pricePaise, realised: pos.realised },
      realised: 0n,
      closed: 0n,
    };
  }
  const held = pos.qty < 0n ? -pos.qty : pos.qty;
  const closed = qty < held ? qty : held;
  const released = closed === held ? pos.basis : divRound(pos.basis * closed, held);
  const direction = pos.qty > 0n ? 1n : -1n;
  const realised = direction * closed * pricePaise - released;
  const qtyAfter = pos.qty + signed;
  // A reversal opens the rest of the fill the other way, at the fill price.
  const basis = qtyAfter !== 0n && closed < qty ? qtyAfter * pricePaise : pos.basis - released;
  return { position: { qty: qtyAfter, basis, realised: pos.realised + realised }, realised, closed };
}

/** Unrealised P&L at a mark price, paise. */
export function unrealisedPaise(pos: BookedPosition, markPaise: bigint): bigint {
  return pos.qty * markPaise - pos.basis;
}
