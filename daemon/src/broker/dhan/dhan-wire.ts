// Dhan's REST answers as zod schemas (../shared/reference/dhan-api.md §2–§3): the edge where an
// unexpected shape becomes an error naming the field, instead of a crash deeper in. Lenient where
// Dhan is loose — numbers may come as strings, many fields are nullable or "NA", unknown extra
// fields are kept — strict where we depend on a value (ids, quantities, statuses).
import { z } from 'zod';

/** A number, or a string holding one ("1234.5"). */
export const wireNumber = z.union([
  z.number().refine(Number.isFinite, 'a finite number'),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'a number')
    .transform(Number),
]);
const optionalNumber = z.union([wireNumber, z.null(), z.literal('NA'), z.literal('')]).optional();
/** An id that Dhan may send as a number. */
const wireId = z.union([z.string().min(1), z.number().int().nonnegative().transform(String)]);
const optionalText = z
  .union([z.string(), z.number().transform(String), z.null()])
  .optional()
  .transform((v) => (v === null || v === '' || v === 'NA' ? undefined : v));

export const orderAckWire = z.looseObject({
  orderId: wireId,
  orderStatus: z.string().min(1),
});
export type OrderAckWire = z.output<typeof orderAckWire>;

export const orderWire = z.looseObject({
  orderId: wireId,
  exchangeOrderId: optionalText,
  correlationId: optionalText,
  orderStatus: z.string().min(1),
  transactionType: z.enum(['BUY', 'SELL']),
  exchangeSegment: z.string().min(1),
  productType: z.string().min(1),
  orderType: z.string().min(1),
  validity: optionalText,
  tradingSymbol: optionalText,
  securityId: wireId,
  quantity: wireNumber,
  disclosedQuantity: optionalNumber,
  price: optionalNumber,
  triggerPrice: optionalNumber,
  afterMarketOrder: z.boolean().nullish(),
  createTime: optionalText,
  updateTime: optionalText,
  exchangeTime: optionalText,
  omsErrorCode: optionalText,
  omsErrorDescription: optionalText,
  remainingQuantity: optionalNumber,
  averageTradedPrice: optionalNumber,
  filledQty: optionalNumber,
});
export type OrderWire = z.output<typeof orderWire>;

export const tradeWire = z.looseObject({
  orderId: wireId,
  exchangeOrderId: optionalText,
  exchangeTradeId: wireId,
  transactionType: z.enum(['BUY', 'SELL']),
  exchangeSegment: z.string().min(1),
  productType: z.string().min(1),
  orderType: optionalText,
  tradingSymbol: optionalText,
  securityId: wireId,
  tradedQuantity: wireNumber,
  tradedPrice: wireNumber,
  createTime: optionalText,
  updateTime: optionalText,
  exchangeTime: optionalText,
});
export type TradeWire = z.output<typeof tradeWire>;

export const positionWire = z.looseObject({
  tradingSymbol: optionalText,
  securityId: wireId,
  positionType: optionalText,
  exchangeSegment: z.string().min(1),
  productType: z.string().min(1),
  buyAvg: optionalNumber,
  buyQty: optionalNumber,
  sellAvg: optionalNumber,
  sellQty: optionalNumber,
  netQty: wireNumber,
  realizedProfit: optionalNumber,
  unrealizedProfit: optionalNumber,
});
export type PositionWire = z.output<typeof positionWire>;

export const holdingWire = z.looseObject({
  exchange: z.string().min(1),
  tradingSymbol: z.string().min(1),
  securityId: wireId,
  isin: optionalText,
  totalQty: wireNumber,
  availableQty: optionalNumber,
  avgCostPrice: optionalNumber,
  lastTradedPrice: optionalNumber,
});
export type HoldingWire = z.output<typeof holdingWire>;

export const fundsWire = z.looseObject({
  // Misspelt on the wire; the correct spelling is accepted too in case Dhan fixes it.
  availabelBalance: optionalNumber,
  availableBalance: optionalNumber,
  sodLimit: optionalNumber,
  collateralAmount: optionalNumber,
  receiveableAmount: optionalNumber,
  utilizedAmount: optionalNumber,
  blockedPayoutAmount: optionalNumber,
  withdrawableBalance: optionalNumber,
});
export type FundsWire = z.output<typeof fundsWire>;

export const profileWire = z.looseObject({
  dhanClientId: wireId,
  tokenValidity: optionalText,
  activeSegment: optionalText,
  dataPlan: optionalText,
  dataValidity: optionalText,
});
export type ProfileWire = z.output<typeof profileWire>;

export const killSwitchWire = z.looseObject({
  dhanClientId: optionalText,
  killSwitchStatus: z.string().min(1),
});

/** Token renewal: the field names are not documented; every spelling seen is accepted. */
export const renewWire = z.looseObject({
  token: optionalText,
  accessToken: optionalText,
  expiryTime: optionalText,
});
