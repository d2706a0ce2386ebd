// Shapes of what a sandbox process sends back, checked before the daemon uses any of it: the
// process runs hostile code, so a reply is data to validate, like any request from outside.
// Strings are bounded, typed arrays must be the expected kind, record columns must match lengths.
import { z } from 'zod';
import type { BacktestResult } from '../engine/result';
import type { BacktestStats } from '../engine/statistics';
import type { OrderRecord } from '../engine/order-log';
import type { Trade } from '../core/position';
import type { NormalizedBacktestSpec } from '../engine/backtest-spec';
import { unpackRecords, type PackedRecords } from './packed-records';
import type { SandboxErrorData } from './protocol';

const text = (max: number) => z.string().max(max);
/** Any number, NaN and ±Infinity included (statistics and unset prices use them). */
const num = z.custom<number>((v) => typeof v === 'number', 'a number');
const f64 = z.instanceof(Float64Array);

export const errorDataSchema: z.ZodType<SandboxErrorData> = z.object({
  kind: z.enum(['strategy', 'shape', 'params', 'spec', 'load', 'result', 'internal']),
  message: text(10_000),
  name: text(200),
  phase: text(40).optional(),
  symbol: text(200).optional(),
  barIndex: num.optional(),
  barTime: num.optional(),
  position: z.object({ line: z.number().int(), column: z.number().int() }).optional(),
  frames: z
    .array(z.object({ fn: text(200), line: z.number().int(), column: z.number().int() }))
    .max(20)
    .optional(),
  issues: z
    .array(z.object({ path: text(500), value: z.unknown().optional(), expected: text(2000) }))
    .max(100)
    .optional(),
});

const columnSchema = z.object({
  kind: z.enum(['number', 'text']),
  data: z.union([f64, z.instanceof(Int32Array)]),
  values: z.array(text(10_000)),
  missing: z.instanceof(Uint8Array).nullable(),
});

const recordsSchema = z
  .object({
    length: z.number().int().min(0),
    fields: z.array(text(100)).max(64),
    columns: z.record(z.string(), columnSchema),
  })
  .refine(
    (r) =>
      r.fields.every((f) => {
        const c = r.columns[f];
        if (!c || c.data.length !== r.length || (c.missing && c.missing.length !== r.length)) return false;
        if (c.kind === 'text')
          return c.data instanceof Int32Array && c.data.every((code) => code >= -1 && code < c.values.length);
        return c.data instanceof Float64Array;
      }),
    'record columns that match the record count',
  );

const curveSchema = z
  .object({ time: f64, value: f64, drawdown: f64, benchmark: f64 })
  .refine(
    (e) =>
      e.value.length === e.time.length &&
      e.drawdown.length === e.time.length &&
      e.benchmark.length === e.time.length,
    'equity arrays of one length',
  );

const positionSchema = z.object({
  symbol: text(200),
  qty: num,
  avgPrice: num,
  lastPrice: num,
  marketValue: num,
  unrealizedPnl: num,
  realizedPnl: num,
  costs: num,
  entryTime: num,
});

const packedResultSchema = z.object({
  spec: z.record(z.string(), z.unknown()),
  symbols: z.array(text(200)),
  params: z.record(z.string(), z.unknown()),
  initialCash: num,
  finalValue: num,
  cash: num,
  positions: z.array(positionSchema),
  // Statistics as the engine computes them (numbers, costs by component, lists such as returns by
  // period): checked for being a plain record; the frame itself is size-limited.
  stats: z.record(z.string(), z.unknown()),
  equity: curveSchema,
  trades: recordsSchema,
  orders: recordsSchema,
  barsProcessed: z.number().int().min(0),
});

/** Checks a sandbox backtest reply and gives it the engine's BacktestResult shape. */
export function backtestResultFromReply(value: unknown): BacktestResult {
  const r = packedResultSchema.parse(value);
  return {
    ...r,
    spec: r.spec as NormalizedBacktestSpec,
    stats: r.stats as unknown as BacktestStats,
    trades: unpackRecords<Trade>(r.trades as PackedRecords) as BacktestResult['trades'],
    orders: unpackRecords<OrderRecord>(r.orders as PackedRecords) as BacktestResult['orders'],
  };
}

const dryBar = z.object({
  symbol: text(200),
  index: num,
  time: num,
  open: num,
  high: num,
  low: num,
  close: num,
  volume: num,
});
const dryOrder = z.object({
  id: num,
  symbol: text(200),
  side: text(10),
  type: text(20),
  qty: num,
  limitPrice: num,
  stopPrice: num,
  createdTime: num,
  tag: text(200).optional(),
  status: text(20),
  reason: text(40).optional(),
  fillPrice: num,
  fillTime: num,
});
const logLine = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  text: text(2000),
  phase: text(40),
  time: num,
});

/** A dry run's reply from the sandbox (runtime/dry-run-recorder.ts and its logs). */
export const dryRunReplySchema = z.object({
  record: z.object({
    bars: z.array(dryBar).max(1000),
    orders: z.array(dryOrder).max(1000),
    onBarCalls: num,
    ordersPlaced: num,
    summary: z.object({ barsProcessed: num, trades: num, finalValue: num, initialCash: num }).optional(),
  }),
  logs: z.object({ lines: z.array(logLine).max(1000), dropped: num }),
  error: errorDataSchema.optional(),
});
