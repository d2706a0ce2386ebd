// The simple commission models: none, a percentage of traded value on every fill, and a flat fee
// per order. They report their charge as brokerage; every other component is zero.
import { validationError } from '../core/errors';
import { toPaise } from '../core/money';
import {
  breakdownFromPaise,
  checkFill,
  ZERO_COSTS,
  ZERO_PAISE,
  type ChargeableFill,
  type CostBreakdown,
  type CostModel,
} from './cost-model';

export function noCosts(): CostModel {
  return {
    name: 'none',
    charges(fill: ChargeableFill): CostBreakdown {
      checkFill(fill);
      return { ...ZERO_COSTS };
    },
  };
}

/**
 * `rate` of |qty|·price on every fill, entry and exit alike (0.001 = 0.1%), NOT rounded to the
 * paisa: this is the simple model engines are compared on, and they keep the commission exact
 * (rounding each fill half-up is biased and moved net PnL and small accounts' cash more than 1e-6
 * off; docs/engine.md). Computed as |qty|·rate·price, the established engines' order of operations.
 * Contract-note charges (the Indian models, flat fees) stay whole paise.
 */
export function percentCommission(rate: number): CostModel {
  if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) {
    throw validationError(
      [
        {
          path: 'commission.rate',
          value: rate,
          expected: 'a fraction of traded value in [0, 1), e.g. 0.001 for 0.1%',
        },
      ],
      'cost model',
    );
  }
  return {
    name: `percent:${rate}`,
    charges(fill: ChargeableFill): CostBreakdown {
      checkFill(fill);
      const brokerage = Math.abs(fill.qty) * rate * fill.price;
      return { ...ZERO_COSTS, brokerage, total: brokerage };
    },
  };
}

/** A flat `perOrder` rupees on every fill (each fill is one executed order), rounded to the paisa. */
export function flatCommission(perOrder: number): CostModel {
  if (!Number.isFinite(perOrder) || perOrder < 0) {
    throw validationError(
      [{ path: 'commission.perOrder', value: perOrder, expected: 'a finite number of rupees >= 0' }],
      'cost model',
    );
  }
  const paise = toPaise(perOrder);
  return {
    name: `flat:${perOrder}`,
    charges(fill: ChargeableFill): CostBreakdown {
      checkFill(fill);
      return breakdownFromPaise({ ...ZERO_PAISE, brokerage: paise });
    },
  };
}
