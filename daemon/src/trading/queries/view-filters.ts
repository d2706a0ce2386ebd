// Filters shared by the API's ledger views (orders, signals): a symbol as users write it, a time
// range, paging. Each builds a SQL condition on numbered parameters.
import { parseSymbolRef } from '../../market/symbol-ref';

export interface TimeRange {
  /** Epoch ms or ISO time, inclusive. */
  from?: number | string;
  /** Epoch ms or ISO time, exclusive. */
  to?: number | string;
}

export interface Paging {
  limit?: number;
  offset?: number;
}

/** Collects `AND` conditions with their parameters ($1, $2, ... in order). */
export class Conditions {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];

  add(sql: (param: (value: unknown) => string) => string): this {
    this.parts.push(
      sql((value) => {
        this.values.push(value);
        return `$${this.values.length}`;
      }),
    );
    return this;
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  get where(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** `i` is the instruments alias. */
export function symbolCondition(c: Conditions, symbol: string | undefined, alias = 'i'): void {
  if (symbol === undefined) return;
  const ref = parseSymbolRef(symbol, 'symbol');
  c.add((p) => `${alias}.symbol = ${p(ref.symbol)}`);
  if (ref.explicitExchange) c.add((p) => `${alias}.exchange = ${p(ref.exchange)}`);
}

/** A bound as a time: epoch ms, an ISO time, or a date (its IST midnight: trading days are IST). */
export function boundTime(value: number | string): Date {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T00:00:00+05:30`)
    : new Date(value);
}

export function rangeCondition(c: Conditions, column: string, range: TimeRange): void {
  if (range.from !== undefined) c.add((p) => `${column} >= ${p(boundTime(range.from!))}`);
  if (range.to !== undefined) c.add((p) => `${column} < ${p(boundTime(range.to!))}`);
}

export function pagingSql(c: Conditions, paging: Paging): string {
  return `LIMIT ${c.param(paging.limit ?? 100)} OFFSET ${c.param(paging.offset ?? 0)}`;
}

export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
