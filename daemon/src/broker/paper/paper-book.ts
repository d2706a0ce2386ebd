// The paper account's money while a bar is worked: cash in micro-rupees and positions booked
// exactly (core/booked-position.ts), loaded at the start of the matching transaction, changed by
// each fill, and written back at its end. It also answers the funds questions of paper-funds.ts.
import { bookFill, FLAT_POSITION, type BookedPosition } from '../../core/booked-position';
import {
  decimalToPaise,
  decimalToUnits,
  MICROS,
  paiseToDecimal,
  unitsToDecimal,
} from '../../core/exact-money';
import type { BrokerProduct } from '../../core/order-lifecycle';
import type { PoolClient } from '../../db/pool';
import type { PaperFundsState } from './paper-funds';

interface Held extends BookedPosition {
  instrumentId: number;
  product: BrokerProduct;
  dirty: boolean;
  lastPrice: number;
}

export class PaperBook {
  private readonly held = new Map<string, Held>();
  cashMicros: bigint;

  private constructor(
    private readonly accountId: number,
    private readonly ownerId: number,
    cash: string,
    private readonly mark: (instrumentId: number) => number | undefined,
  ) {
    this.cashMicros = decimalToUnits(cash, MICROS);
  }

  /** Loads (and locks) the account's positions; `cash` is the account row's, already locked. */
  static async load(
    client: PoolClient,
    account: { brokerAccountId: number; ownerId: number; cash: string },
    mark: (instrumentId: number) => number | undefined,
  ): Promise<PaperBook> {
    const book = new PaperBook(account.brokerAccountId, account.ownerId, account.cash, mark);
    const { rows } = await client.query<{
      instrument_id: number;
      product: BrokerProduct;
      net_qty: number;
      cost_basis: string;
      realised_pnl: string;
      last_price: string | null;
    }>(
      `SELECT instrument_id, product, net_qty, cost_basis::text AS cost_basis, realised_pnl::text AS realised_pnl,
              last_price::text AS last_price
         FROM paper_positions WHERE broker_account_id = $1 FOR UPDATE`,
      [account.brokerAccountId],
    );
    for (const r of rows)
      book.held.set(`${r.instrument_id}:${r.product}`, {
        instrumentId: r.instrument_id,
        product: r.product,
        qty: BigInt(r.net_qty),
        basis: decimalToPaise(r.cost_basis),
        realised: decimalToPaise(r.realised_pnl),
        dirty: false,
        lastPrice: r.last_price === null ? NaN : Number(r.last_price),
      });
    return book;
  }

  private position(instrumentId: number, product: BrokerProduct): Held {
    const key = `${instrumentId}:${product}`;
    let p = this.held.get(key);
    if (!p)
      this.held.set(key, (p = { instrumentId, product, ...FLAT_POSITION, dirty: false, lastPrice: NaN }));
    return p;
  }

  private valueOf(p: Held): number {
    if (p.qty === 0n) return 0;
    const mark = this.mark(p.instrumentId) ?? p.lastPrice;
    // Without any price yet, the position is valued at its entry (basis).
    return mark === mark ? Number(p.qty) * mark : Number(p.basis) / 100;
  }

  /** Funds for an order on (instrument, product): its position, and every other one at its mark. */
  funds(
    instrumentId: number,
    product: BrokerProduct,
    marginRate: (instrumentId: number, product: BrokerProduct) => number,
  ): PaperFundsState {
    const own = this.position(instrumentId, product);
    let otherLongValue = 0;
    let otherShortValue = 0;
    let otherMargin = 0;
    for (const p of this.held.values()) {
      if (p === own || p.qty === 0n) continue;
      const value = this.valueOf(p);
      if (value > 0) otherLongValue += value;
      else otherShortValue -= value;
      otherMargin += marginRate(p.instrumentId, p.product) * Math.abs(value);
    }
    return {
      cash: Number(this.cashMicros) / 1e6,
      qty: Number(own.qty),
      otherShortValue,
      otherLongValue,
      otherMargin,
    };
  }

  /** Books a fill: value and charges out of (or into) cash, the position by average cost. */
  fill(
    instrumentId: number,
    product: BrokerProduct,
    side: 'buy' | 'sell',
    qty: number,
    pricePaise: bigint,
    chargesMicros: bigint,
  ): void {
    const p = this.position(instrumentId, product);
    const booked = bookFill(p, side, BigInt(qty), pricePaise).position;
    p.qty = booked.qty;
    p.basis = booked.basis;
    p.realised = booked.realised;
    p.lastPrice = Number(pricePaise) / 100;
    p.dirty = true;
    const valueMicros = BigInt(qty) * pricePaise * 10_000n;
    this.cashMicros += (side === 'buy' ? -valueMicros : valueMicros) - chargesMicros;
  }

  /** The changed positions and the cash, as paper-step-write.ts writes them (decimal text). */
  changes(): { positions: BookPositionChange[]; cash: string } {
    const positions: BookPositionChange[] = [];
    for (const p of this.held.values())
      if (p.dirty)
        positions.push({
          instrumentId: p.instrumentId,
          product: p.product,
          netQty: p.qty.toString(),
          costBasis: paiseToDecimal(p.basis),
          realisedPnl: paiseToDecimal(p.realised),
          lastPrice: p.lastPrice === p.lastPrice ? String(p.lastPrice) : null,
        });
    return { positions, cash: unitsToDecimal(this.cashMicros, MICROS) };
  }

  get accountIds(): { brokerAccountId: number; ownerId: number } {
    return { brokerAccountId: this.accountId, ownerId: this.ownerId };
  }
}

export interface BookPositionChange {
  instrumentId: number;
  product: BrokerProduct;
  netQty: string;
  costBasis: string;
  realisedPnl: string;
  lastPrice: string | null;
}
