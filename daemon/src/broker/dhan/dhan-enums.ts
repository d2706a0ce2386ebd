// Dhan's enumerations (../shared/reference/dhan-api.md §2, §7, §8) and their mapping to our
// vocabulary. Unknown order statuses are non-terminal: an order we cannot classify is still open.
import type { LedgerOrderStatus } from '../../core/order-lifecycle';

/** Exchange segments on the REST API (IDX_I is data-only). */
export const DHAN_SEGMENTS = [
  'IDX_I',
  'NSE_EQ',
  'NSE_FNO',
  'NSE_CURRENCY',
  'BSE_EQ',
  'MCX_COMM',
  'BSE_CURRENCY',
  'BSE_FNO',
  'NSE_COMM',
] as const;
export type DhanSegment = (typeof DHAN_SEGMENTS)[number];

/** Byte 3 of a feed packet header → segment (6 is unused). */
export const FEED_SEGMENT_BY_CODE: readonly (DhanSegment | undefined)[] = [
  'IDX_I',
  'NSE_EQ',
  'NSE_FNO',
  'NSE_CURRENCY',
  'BSE_EQ',
  'MCX_COMM',
  undefined,
  'BSE_CURRENCY',
  'BSE_FNO',
];

export const FEED_CODE_BY_SEGMENT: Readonly<Record<string, number>> = Object.fromEntries(
  FEED_SEGMENT_BY_CODE.flatMap((s, code) => (s ? [[s, code]] : [])),
);

/** Order-book statuses → ledger statuses. TRANSIT: accepted by Dhan, not yet at the exchange. */
const STATUS: Record<string, LedgerOrderStatus> = {
  TRANSIT: 'open',
  PENDING: 'open',
  CONFIRM: 'open',
  MODIFIED: 'open',
  TRIGGERED: 'open',
  INACTIVE: 'open',
  PART_TRADED: 'partially_filled',
  TRADED: 'filled',
  REJECTED: 'rejected',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
};

/** Case- and separator-insensitive: the order-update socket sends "Cancelled", "Part Traded". */
export function normaliseDhanStatus(status: string): string {
  return status
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

/** Our status for a Dhan status; a partly filled order that ended keeps its end status. */
export function ledgerStatus(dhanStatus: string, filledQty = 0): LedgerOrderStatus {
  const mapped = STATUS[normaliseDhanStatus(dhanStatus)] ?? 'open';
  if (mapped === 'open' && filledQty > 0) return 'partially_filled';
  return mapped;
}

/** Order-update socket product letters. */
export const PRODUCT_BY_LETTER: Readonly<Record<string, string>> = {
  C: 'CNC',
  I: 'INTRADAY',
  M: 'MARGIN',
  F: 'MTF',
  V: 'CO',
  B: 'BO',
};

/** Order-update socket order types. */
export const ORDER_TYPE_BY_CODE: Readonly<Record<string, string>> = {
  LMT: 'LIMIT',
  MKT: 'MARKET',
  SL: 'STOP_LOSS',
  SLM: 'STOP_LOSS_MARKET',
};

/** Order-update socket Exchange + Segment letter → REST segment. */
export function segmentOf(exchange: string | undefined, segment: string | undefined): string | undefined {
  if (!exchange) return undefined;
  const ex = exchange.toUpperCase();
  switch ((segment ?? '').toUpperCase()) {
    case 'E':
      return `${ex}_EQ`;
    case 'D':
      return `${ex}_FNO`;
    case 'C':
      return `${ex}_CURRENCY`;
    case 'M':
      return ex === 'MCX' ? 'MCX_COMM' : `${ex}_COMM`;
    case 'I':
      return 'IDX_I';
    default:
      return undefined;
  }
}
