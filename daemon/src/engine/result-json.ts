// A BacktestResult as plain JSON: what `--json` writes and what the job system stores. Times are
// ISO-8601 in IST (`2025-01-06T09:15:00+05:30`); NaN and ±Infinity become null (JSON has no such
// numbers). Ledger amounts are exact to the paisa already; nothing is rounded here.
import { istIsoString } from '../core/time';
import type { BacktestResult } from './result';
import type { BacktestStats } from './statistics';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A finite number, or null. */
export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function jsonTime(ms: number): string | null {
  return Number.isFinite(ms) ? istIsoString(ms) : null;
}

const TIME_FIELDS = new Set(['startTime', 'endTime', 'maxDrawdownStart', 'maxDrawdownEnd']);

export function statsToJson(stats: BacktestStats): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(stats)) {
    if (typeof value === 'number') out[key] = TIME_FIELDS.has(key) ? jsonTime(value) : jsonNumber(value);
    else out[key] = value as unknown as Json;
  }
  return out;
}

/** Serialises a result; `equity: false` leaves the equity curve out. */
export function backtestResultToJson(
  r: BacktestResult,
  options: { equity?: boolean } = {},
): Record<string, Json> {
  const out: Record<string, Json> = {
    strategy: r.spec.strategy,
    params: r.params as Record<string, Json>,
    symbols: r.symbols,
    spec: r.spec as unknown as Json,
    initialCash: r.initialCash,
    finalValue: r.finalValue,
    cash: r.cash,
    positions: r.positions.map((p) => ({ ...p, entryTime: jsonTime(p.entryTime) })),
    stats: statsToJson(r.stats),
    trades: r.trades.toArray().map((t) => ({
      ...t,
      entryTime: jsonTime(t.entryTime),
      exitTime: jsonTime(t.exitTime),
    })),
    orders: r.orders.toArray().map((o) => ({
      id: o.id,
      symbol: o.symbol,
      createdTime: jsonTime(o.createdTime),
      time: jsonTime(o.time),
      side: o.side,
      type: o.type,
      qty: o.qty,
      filledQty: o.filledQty,
      price: jsonNumber(o.price),
      limitPrice: jsonNumber(o.limitPrice),
      stopPrice: jsonNumber(o.stopPrice),
      costs: o.costs,
      status: o.status,
      reason: o.reason ?? null,
      endSource: o.endSource ?? null,
      message: o.message ?? null,
      tag: o.tag ?? null,
      parentId: o.parentId ?? null,
      ocoId: o.ocoId ?? null,
    })),
    barsProcessed: r.barsProcessed,
  };
  if (options.equity !== false) {
    const e = r.equity;
    out.equity = Array.from(e.time, (t, i) => ({
      time: istIsoString(t),
      value: e.value[i]!,
      drawdown: e.drawdown[i]!,
      benchmark: e.benchmark[i]!,
    }));
  }
  return out;
}
