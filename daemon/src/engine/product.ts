// The engine's product: how positions are held. The broker's product (Dhan's CNC, INTRADAY,
// MARGIN) follows from it and the instrument, so a strategy spec names one thing and the paper
// and live brokers get the name their venue uses.
import type { Instrument } from '../core/instrument';
import type { BrokerProduct } from '../core/order-lifecycle';

/** delivery: long only, held overnight. intraday: shorting allowed, squared off at 15:20 IST. */
export type Product = 'delivery' | 'intraday';

/** Delivery of cash equity is CNC; carried F&O positions are MARGIN; intraday is INTRADAY. */
export function brokerProduct(product: Product, instrument: Instrument): BrokerProduct {
  if (product === 'intraday') return 'INTRADAY';
  return instrument.kind === 'future' || instrument.kind === 'option' ? 'MARGIN' : 'CNC';
}
