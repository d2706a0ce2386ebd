// Output schemas of market.* (see common.ts).
import { z } from 'zod';
import { isoTime, jobId, jsonObject } from './common';

const instrument = z.object({
  id: z.number().int(),
  exchange: z.enum(['NSE', 'BSE']),
  segment: z.enum(['NSE_EQ', 'BSE_EQ', 'NSE_FNO', 'BSE_FNO', 'IDX_I']),
  kind: z.enum(['equity', 'future', 'option', 'index']),
  symbol: z.string(),
  name: z.string().nullable(),
  securityId: z.string().nullable(),
  tickSize: z.number(),
  lotSize: z.number().int(),
  source: z.string(),
  synthetic: z.boolean(),
});

const finding = z.object({
  count: z.number().int(),
  examples: z.array(z.string()).describe('The first few occurrences (IST times, values)'),
});

const ingest = z.object({
  id: z.number().int(),
  kind: z.enum(['csv', 'yahoo', 'dhan', 'synthetic']),
  request: jsonObject,
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.number(),
  barsWritten: z.number().int(),
  error: z.string().nullable(),
  errorDetails: z.unknown(),
  jobId: jobId.nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const epochs = z.array(z.number());

export const marketOutputs = {
  instruments: z.object({
    total: z.number().int(),
    items: z.array(
      instrument.extend({ bars: z.record(z.string(), z.number()).describe('Bars stored per timeframe') }),
    ),
  }),
  coverage: z.array(
    z.object({
      instrumentId: z.number().int(),
      exchange: z.string(),
      symbol: z.string(),
      name: z.string().nullable(),
      synthetic: z.boolean(),
      timeframe: z.string(),
      bars: z.number().int(),
      source: z.string(),
      first: isoTime,
      last: isoTime,
    }),
  ),
  bars: z.object({
    symbol: z.string(),
    exchange: z.enum(['NSE', 'BSE']),
    synthetic: z.boolean(),
    timeframe: z.string(),
    total: z.number().int().describe('Bars in the range before downsampling'),
    time: epochs.describe("Epoch ms of each bar's start"),
    open: epochs,
    high: epochs,
    low: epochs,
    close: epochs,
    volume: epochs,
  }),
  quality: z.object({
    symbol: z.string(),
    timeframe: z.string(),
    bars: z.number().int(),
    first: z.string().optional().describe('First bar, IST'),
    last: z.string().optional().describe('Last bar, IST'),
    missingSessions: finding,
    barsOnClosedDays: finding,
    offTimeframe: finding.describe(
      "Bars whose time cannot start a bar of the timeframe on the exchange's calendar",
    ),
    duplicateTimestamps: finding,
    outOfOrder: finding,
    ohlcInconsistent: finding,
    nonPositivePrices: finding,
    zeroVolumeRuns: finding,
    outlierJumps: finding,
    uncoveredDays: z
      .number()
      .int()
      .describe('Days outside the years the calendar lists (2010–2026): not judged'),
    instrument,
  }),
  calendar: z.object({
    symbol: z.string(),
    timeframe: z.string(),
    from: z.string().describe('IST date'),
    to: z.string().describe('IST date'),
    days: z.array(
      z.object({
        date: z.string(),
        bars: z.number().int(),
        expected: z.number().int().nullable().describe('Bars in a full session (intraday timeframes)'),
        status: z.enum(['full', 'partial', 'missing', 'closed', 'closed_with_bars', 'unknown']),
      }),
    ),
  }),
  queued: z.object({ ingestId: z.number().int(), jobId }),
  ingest,
  ingests: z.array(ingest),
};
