// Cost models by the names the CLI and the API accept (`--costs`, `--commission`).
import { validationError } from '../core/errors';
import type { CostModel } from './cost-model';
import { indiaCosts, type IndiaCostOptions } from './india-costs';
import { INDIA_PRODUCTS } from './india-rates';
import { indiaSegmentCosts, type EquityProduct } from './india-segment-costs';
import { flatCommission, noCosts, percentCommission } from './simple-commissions';

export const COST_MODEL_NAMES = [
  'india',
  'none',
  'percent:<rate>',
  'flat:<rupees>',
  ...INDIA_PRODUCTS.map((p) => `india-${p}`),
] as const;

function unknownName(name: string): Error {
  return validationError(
    [{ path: 'costs', value: name, expected: `one of ${COST_MODEL_NAMES.join(', ')}` }],
    'cost model',
  );
}

/** A number after `percent:` / `flat:`; an empty or non-numeric tail is a bad name, not 0. */
function parseAmount(text: string, name: string): number {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text)) throw unknownName(name);
  return Number(text);
}

/**
 * 'india' (the default: each fill's segment, equity at `options.product`) | 'none' |
 * 'percent:<rate>' (0.001 = 0.1%) | 'flat:<rupees>' | 'india-delivery' | 'india-intraday' |
 * 'india-futures' | 'india-options'. `options` apply to the india models.
 */
export function costModelByName(
  name: string,
  options: IndiaCostOptions & { product?: EquityProduct } = {},
): CostModel {
  const trimmed = name.trim();
  if (trimmed === 'india') {
    const { product = 'delivery', ...india } = options;
    return indiaSegmentCosts(product, india);
  }
  if (trimmed === 'none') return noCosts();
  if (trimmed.startsWith('percent:')) return percentCommission(parseAmount(trimmed.slice(8), name));
  if (trimmed.startsWith('flat:')) return flatCommission(parseAmount(trimmed.slice(5), name));
  const product = INDIA_PRODUCTS.find((p) => trimmed === `india-${p}`);
  if (product) return indiaCosts(product, { exchange: options.exchange, broker: options.broker });
  throw unknownName(name);
}
