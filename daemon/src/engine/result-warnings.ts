// What a reader of a result must know before trusting its figures: orders the broker refused
// (counted by reason: "27 orders rejected: insufficient cash") and statistics resting on too few
// return observations. Computed once here, carried in the stats, shown by every output (CLI
// summary, HTML report, JSON, API, console).
import { ORDER_REASONS, type OrderReason } from '../core/order';
import type { OrderLog } from './order-log';

/** Fewer return observations than this make ratios (Sharpe, Sortino, beta…) unreliable. */
export const MIN_RETURN_OBSERVATIONS = 30;

export type Rejections = Partial<Record<OrderReason, number>>;

export function countRejections(orders: OrderLog | undefined): Rejections {
  const counts: Rejections = {};
  if (!orders) return counts;
  for (let i = 0; i < orders.length; i++) {
    const o = orders.at(i);
    if (o.status !== 'rejected' || o.reason === undefined) continue;
    counts[o.reason] = (counts[o.reason] ?? 0) + 1;
  }
  return counts;
}

const words = (reason: string) => reason.replace(/_/g, ' ');

/** `27 orders rejected: insufficient cash`, or with several reasons, each with its count. */
export function describeRejections(rejections: Rejections): string | undefined {
  const entries = ORDER_REASONS.flatMap((r) => (rejections[r] ? [[r, rejections[r]!] as const] : []));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return undefined;
  const why =
    entries.length === 1 ? words(entries[0]![0]) : entries.map(([r, c]) => `${c} ${words(r)}`).join(', ');
  return `${total} order${total === 1 ? '' : 's'} rejected: ${why}`;
}

export function resultWarnings(observations: number, rejections: Rejections): string[] {
  const warnings: string[] = [];
  if (observations < MIN_RETURN_OBSERVATIONS)
    warnings.push(
      `statistics from ${observations} return observations (fewer than ${MIN_RETURN_OBSERVATIONS}): ` +
        'Sharpe, Sortino, volatility, alpha and beta are not reliable',
    );
  const rejected = describeRejections(rejections);
  if (rejected) warnings.push(rejected);
  return warnings;
}
