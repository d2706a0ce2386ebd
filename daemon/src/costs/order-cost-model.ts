// The cost model a broker order is charged with. Ledger orders and paper accounts store a cost
// model name; 'india' means "the Indian model of the order's product": CNC is delivery, INTRADAY
// intraday, MARGIN (and MTF) futures or options by the instrument (equity MTF is charged as
// delivery). Any other name is one of costModelByName's.
import type { InstrumentKind } from '../core/instrument';
import type { BrokerProduct } from '../core/order-lifecycle';
import { validationError } from '../core/errors';
import { costModelByName, COST_MODEL_NAMES } from './cost-model-by-name';
import type { CostModel } from './cost-model';
import type { IndiaProduct } from './india-rates';

export const BY_PRODUCT_COST_MODEL = 'india';

/** The Indian cost product of a broker product on an instrument kind. */
export function indiaProductOf(product: BrokerProduct | 'MTF', kind: InstrumentKind): IndiaProduct {
  if (product === 'CNC') return 'delivery';
  if (product === 'INTRADAY')
    return kind === 'future' ? 'futures' : kind === 'option' ? 'options' : 'intraday';
  if (kind === 'future') return 'futures';
  if (kind === 'option') return 'options';
  return 'delivery';
}

const cache = new Map<string, CostModel>();

/** The model for an order; models are pure and immutable, so one per name is shared. */
export function orderCostModel(
  name: string,
  product: BrokerProduct | 'MTF',
  kind: InstrumentKind,
): CostModel {
  const key = name === BY_PRODUCT_COST_MODEL ? `india-${indiaProductOf(product, kind)}` : name;
  let model = cache.get(key);
  if (!model) {
    model = costModelByName(key);
    cache.set(key, model);
  }
  return model;
}

/** Throws a validation error naming `field` unless `name` is a cost model an order can use. */
export function checkOrderCostModel(name: string, field = 'costModel'): void {
  if (name === BY_PRODUCT_COST_MODEL) return;
  try {
    costModelByName(name);
  } catch {
    throw validationError(
      [
        {
          path: field,
          value: name,
          expected: `'${BY_PRODUCT_COST_MODEL}' or one of ${COST_MODEL_NAMES.join(', ')}`,
        },
      ],
      'cost model',
    );
  }
}
