// Place and modify requests: checked here, before anything is sent, so that a bad order is refused
// with the field, the value and what was expected — not by the broker after a round trip — and
// turned into Dhan's wire body (../shared/reference/dhan-api.md §2; numbers sent as numbers).
import { z } from 'zod';
import { BROKER_ORDER_TYPES, CLIENT_ORDER_ID_PATTERN, VALIDITIES } from '../../core/order-lifecycle';
import { parseOrThrow } from '../../core/zod-issues';
import type { DhanModifyRequest, DhanPlaceRequest } from './dhan-records';

const TRADABLE_SEGMENTS = ['NSE_EQ', 'BSE_EQ', 'NSE_FNO', 'BSE_FNO'] as const;
const price = z.number().positive().finite();
const quantity = z.number().int().positive().max(100_000_000);

const placeSchema = z
  .object({
    clientOrderId: z
      .string()
      .regex(
        CLIENT_ORDER_ID_PATTERN,
        '1 to 30 characters of A-Z, a-z, 0-9, _ or - (the correlationId limit)',
      ),
    side: z.enum(['buy', 'sell']),
    segment: z.enum(TRADABLE_SEGMENTS),
    securityId: z.string().regex(/^\d+$/, 'a numeric Dhan security id'),
    product: z.enum(['CNC', 'INTRADAY', 'MARGIN', 'MTF']),
    orderType: z.enum(BROKER_ORDER_TYPES),
    validity: z.enum(VALIDITIES),
    quantity,
    price: price.optional(),
    triggerPrice: price.optional(),
    disclosedQuantity: z.number().int().nonnegative().optional(),
    afterMarket: z.object({ time: z.enum(['OPEN', 'OPEN_30', 'OPEN_60', 'PRE_OPEN']) }).optional(),
  })
  .superRefine((o, ctx) => checkPrices(o, ctx));

const modifySchema = z
  .object({
    brokerOrderId: z.string().min(1).max(64),
    orderType: z.enum(BROKER_ORDER_TYPES),
    validity: z.enum(VALIDITIES),
    quantity,
    price: price.optional(),
    triggerPrice: price.optional(),
    disclosedQuantity: z.number().int().nonnegative().optional(),
  })
  .superRefine((o, ctx) => checkPrices(o, ctx));

type Priced = {
  orderType: string;
  quantity: number;
  price?: number;
  triggerPrice?: number;
  disclosedQuantity?: number;
};

function checkPrices(o: Priced, ctx: z.RefinementCtx): void {
  const limit = o.orderType === 'LIMIT' || o.orderType === 'STOP_LOSS';
  const stop = o.orderType === 'STOP_LOSS' || o.orderType === 'STOP_LOSS_MARKET';
  if (limit && o.price === undefined)
    ctx.addIssue({ code: 'custom', path: ['price'], message: `a limit price for a ${o.orderType} order` });
  if (!limit && o.price !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['price'],
      message: `no price for a ${o.orderType} order (it trades at market)`,
    });
  if (stop && o.triggerPrice === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['triggerPrice'],
      message: `a trigger price for a ${o.orderType} order`,
    });
  if (!stop && o.triggerPrice !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['triggerPrice'],
      message: `no trigger price for a ${o.orderType} order`,
    });
  const disclosed = o.disclosedQuantity ?? 0;
  if (disclosed > 0 && (disclosed < 0.3 * o.quantity || disclosed > o.quantity))
    ctx.addIssue({
      code: 'custom',
      path: ['disclosedQuantity'],
      message: `0, or between 30 % of the quantity (${Math.ceil(0.3 * o.quantity)}) and the quantity (${o.quantity})`,
    });
}

/** Dhan's place body (dhanClientId is added by the caller). */
export function placeBody(request: DhanPlaceRequest): Record<string, unknown> {
  const r = parseOrThrow(placeSchema, request, 'order');
  const body: Record<string, unknown> = {
    correlationId: r.clientOrderId,
    transactionType: r.side === 'buy' ? 'BUY' : 'SELL',
    exchangeSegment: r.segment,
    productType: r.product,
    orderType: r.orderType,
    validity: r.validity,
    securityId: r.securityId,
    quantity: r.quantity,
    disclosedQuantity: r.disclosedQuantity ?? 0,
    price: r.price ?? 0,
    triggerPrice: r.triggerPrice ?? 0,
    afterMarketOrder: r.afterMarket !== undefined,
  };
  if (r.afterMarket) body.amoTime = r.afterMarket.time;
  return body;
}

/** Dhan's modify body. */
export function modifyBody(request: DhanModifyRequest): Record<string, unknown> {
  const r = parseOrThrow(modifySchema, request, 'order change');
  return {
    orderId: r.brokerOrderId,
    orderType: r.orderType,
    legName: 'NA',
    quantity: r.quantity,
    price: r.price ?? 0,
    disclosedQuantity: r.disclosedQuantity ?? 0,
    triggerPrice: r.triggerPrice ?? 0,
    validity: r.validity,
  };
}

/** Order ids go into URL paths: refuse anything that could change the path. */
export function checkOrderId(id: string, field = 'brokerOrderId'): string {
  return parseOrThrow(
    z.object({ [field]: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an order id (letters, digits, _ or -)') }),
    {
      [field]: id,
    },
  )[field] as string;
}
