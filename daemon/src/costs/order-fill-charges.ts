// The charges of one fill of an order, per component, in micro-rupees. A broker charges per
// executed order (brokerage capped per order, a flat fee once), so an order filled in several
// parts is charged what the whole order costs so far, less what its earlier fills were charged:
// the fills of an order add up to exactly the order's charges, and an order filled at once is
// charged exactly what the backtester's SimBroker charges for it. Shared by the ledger and the
// paper venue, so the two charge every fill alike.
import { chargeToMicros } from '../core/exact-money';
import type { Instrument } from '../core/instrument';
import { COST_COMPONENTS, type CostBreakdown, type CostComponent, type CostModel } from './cost-model';

export type ChargeMicros = Record<CostComponent, bigint> & { total: bigint };

export interface OrderFillSoFar {
  side: 'buy' | 'sell';
  /** Filled before this fill, and its value (rupees, exact to the paisa). */
  filledQty: number;
  filledValue: number;
}

function micros(model: CostModel, fill: Parameters<CostModel['charges']>[0]): ChargeMicros {
  const c = model.charges(fill);
  const out = { total: 0n } as ChargeMicros;
  for (const k of COST_COMPONENTS) {
    out[k] = chargeToMicros(c[k]);
    out.total += out[k];
  }
  return out;
}

export function fillCharges(
  model: CostModel,
  instrument: Instrument,
  before: OrderFillSoFar,
  fill: { qty: number; price: number; time: number },
): ChargeMicros {
  const base = { side: before.side, instrument, time: fill.time };
  if (before.filledQty === 0) return micros(model, { ...base, qty: fill.qty, price: fill.price });
  const qty = before.filledQty + fill.qty;
  const after = micros(model, { ...base, qty, price: (before.filledValue + fill.qty * fill.price) / qty });
  const earlier = micros(model, {
    ...base,
    qty: before.filledQty,
    price: before.filledValue / before.filledQty,
  });
  const out = { total: 0n } as ChargeMicros;
  for (const k of COST_COMPONENTS) {
    out[k] = after[k] - earlier[k];
    out.total += out[k];
  }
  return out;
}

/** Micro-rupee charges as a rupee breakdown (exact where the charges are whole paise). */
export function microsToBreakdown(m: ChargeMicros): CostBreakdown {
  const out = { total: Number(m.total) / 1e6 } as CostBreakdown;
  for (const k of COST_COMPONENTS) out[k] = Number(m[k]) / 1e6;
  return out;
}
