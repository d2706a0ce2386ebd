// An execution: the broker filled (part of) an order. The simulated broker always fills an order
// for its whole quantity in one fill; live brokers may report several.

import type { OrderSide } from './order';

/** Transaction costs of one fill by component, in rupees (whole paise but for a percentage fee). */
export interface FillCosts {
  brokerage: number;
  stt: number;
  exchange: number;
  sebi: number;
  ipft: number;
  stamp: number;
  gst: number;
  dp: number;
  total: number;
}

export interface Fill {
  orderId: number;
  symbolIndex: number;
  side: OrderSide;
  /** Positive quantity. */
  qty: number;
  price: number;
  /** Epoch ms: start time of the bar the fill happened on. */
  time: number;
  costs: FillCosts;
}
