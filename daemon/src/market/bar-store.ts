// The bar store's public face: write series for symbols (creating instruments as needed) in one
// transaction, and load ranges for symbols into BarSeries. See bar-writer.ts and bar-reader.ts
// for how the bytes move.
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import { formatIstDateTime } from '../core/calendar/civil-date';
import { withTransaction, type Pool } from '../db/pool';
import { readCoverage } from './bar-coverage';
import { readBars } from './bar-reader';
import { writeBars, type WriteBarsResult } from './bar-writer';
import { ensureInstrument, findInstruments, type StoredInstrument } from './instrument-store';

export interface StoreBarsInput {
  /** `TCS`, `NSE:TCS`, `TCS.NS` …; created as an NSE/BSE equity when unknown. */
  symbol: string;
  series: BarSeries;
  /** 'csv', 'yahoo', 'dhan', 'synthetic' … */
  source: string;
  synthetic?: boolean;
  /** Used only when the instrument is created. */
  name?: string;
  tickSize?: number;
}

export interface StoredBars extends WriteBarsResult {
  instrument: StoredInstrument;
}

/** After this many rows, refresh the planner's statistics so reads use the index at once. */
const ANALYZE_AFTER_ROWS = 50_000;

/**
 * Writes every input in one transaction: all of them are stored or none. Overlapping ranges
 * replace what was stored (see bar-writer.ts).
 */
export async function storeBars(
  pool: Pool,
  inputs: readonly StoreBarsInput[],
  onProgress?: (written: number, total: number) => void,
): Promise<StoredBars[]> {
  const total = inputs.reduce((sum, input) => sum + input.series.length, 0);
  let before = 0;
  const results = await withTransaction(pool, async (client) => {
    const out: StoredBars[] = [];
    for (const input of inputs) {
      const instrument = await ensureInstrument(client, {
        symbol: input.symbol,
        source: input.source,
        synthetic: input.synthetic,
        name: input.name,
        tickSize: input.tickSize,
      });
      const result = await writeBars(client, instrument.id, input.series, {
        source: input.source,
        onProgress: (written) => onProgress?.(before + written, total),
      });
      before += input.series.length;
      out.push({ ...result, instrument });
    }
    return out;
  });
  await analyzeAfterBulkWrite(pool, total);
  return results;
}

/** Refreshes the planner's statistics after a big write, so reads use the index at once. */
export async function analyzeAfterBulkWrite(pool: Pool, rows: number): Promise<void> {
  if (rows >= ANALYZE_AFTER_ROWS) await pool.query('ANALYZE bars').catch(() => undefined);
}

export interface LoadBarsRequest {
  symbols: readonly string[];
  timeframe: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

/** Loads a range for several symbols (unknown symbols: NOT_FOUND). A series may be empty. */
export async function loadBars(pool: Pool, request: LoadBarsRequest): Promise<BarSeries[]> {
  const instruments = await findInstruments(pool, request.symbols);
  return readBars(pool, instruments, request);
}

/**
 * What `quanttrade backtest --symbol` uses: like loadBars, but a symbol without bars in the
 * range is an error that says what the store does hold.
 */
export async function loadBacktestBars(pool: Pool, request: LoadBarsRequest): Promise<BarSeries[]> {
  const instruments = await findInstruments(pool, request.symbols);
  const series = await readBars(pool, instruments, request);
  const empty = instruments.filter((_, i) => series[i]!.length === 0);
  if (empty.length > 0) {
    const coverage = await readCoverage(
      pool,
      empty.map((i) => i.id),
    );
    const lines = empty.map((instrument) => {
      const held = coverage.filter((c) => c.instrumentId === instrument.id);
      const what = held.length
        ? `the store holds ${held.map((c) => `${c.timeframe} ${formatIstDateTime(c.first)} … ${formatIstDateTime(c.last)}`).join(', ')}`
        : 'the store holds no bars for it';
      return `${instrument.symbol}: no ${request.timeframe} bars in the range (${what})`;
    });
    throw new AppError('NOT_FOUND', lines.join('; '), { symbols: empty.map((i) => i.symbol) });
  }
  return series;
}
