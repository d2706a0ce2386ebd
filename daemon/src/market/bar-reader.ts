// Loads bars from PostgreSQL straight into BarSeries typed arrays: binary COPY of the rows in
// index order, decoded off the socket at fixed offsets (copy-out-bars.ts) — no result objects,
// no text parsing. A large range is read as two halves on two connections so two server
// processes (and both cores) work at once. Measured and rejected: packing each column with
// string_agg(float8send(x)) (3-4× more server time: a palloc per value) and a plain SELECT.
import type { BarSeries } from '../core/bar';
import { validationError } from '../core/errors';
import { parseTimeframe, type Timeframe } from '../core/timeframe';
import type { Pool, PoolClient } from '../db/pool';
import { readCoverage } from './bar-coverage';
import { allocateColumns, appendColumns, columnsToSeries, type BarColumns } from './bar-columns';
import { CopyOutBars } from './copy-out-bars';

export interface BarRange {
  timeframe: string;
  /** Epoch ms, inclusive; omitted = from the first bar. */
  from?: number;
  /** Epoch ms, exclusive; omitted = to the last bar. */
  to?: number;
}

/** Ranges with more bars than this are read in two halves in parallel. */
const SPLIT_ABOVE = 200_000;

function checkRange(range: BarRange): Timeframe {
  const tf = parseTimeframe(range.timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: range.timeframe, expected: 'a timeframe like 1m, 1h or 1d' },
    ]);
  for (const key of ['from', 'to'] as const) {
    const v = range[key];
    if (v !== undefined && !Number.isFinite(v))
      throw validationError([{ path: key, value: v, expected: 'a time in epoch ms' }]);
  }
  return tf;
}

// COPY takes no bind parameters, so the query is built from values checked to be safe literals:
// an integer id, a canonical timeframe name ([0-9]+[mhd]) and ISO timestamps.
function copyQuery(instrumentId: number, tf: Timeframe, from: number, to: number): string {
  if (!Number.isSafeInteger(instrumentId))
    throw validationError([{ path: 'instrumentId', value: instrumentId, expected: 'an integer id' }]);
  const literal = (ms: number) => `'${new Date(ms).toISOString()}'`;
  return `COPY (SELECT ts, open, high, low, close, volume FROM bars
    WHERE instrument_id = ${instrumentId} AND timeframe = '${tf.name}' AND ts >= ${literal(from)} AND ts < ${literal(to)}
    ORDER BY ts) TO STDOUT (FORMAT binary)`;
}

/** Runs the COPY on one client (e.g. inside a writer's transaction). */
async function copyOnClient(client: PoolClient, query: string, capacity: number): Promise<BarColumns> {
  const copy = new CopyOutBars(query, allocateColumns(capacity));
  // pg runs any object with submit() as a query ("submittable").
  client.query(copy as unknown as string);
  return copy.done;
}

async function copyColumns(pool: Pool, query: string, capacity: number): Promise<BarColumns> {
  const client = await pool.connect();
  try {
    return await copyOnClient(client, query, capacity);
  } finally {
    client.release();
  }
}

/** The stored bars of [from, to] (both inclusive) on the caller's client, as columns. */
export function readStoredRange(
  client: PoolClient,
  instrumentId: number,
  timeframe: string,
  from: number,
  to: number,
  capacity: number,
): Promise<BarColumns> {
  const tf = checkRange({ timeframe, from, to });
  return copyOnClient(client, copyQuery(instrumentId, tf, from, to + 1), capacity);
}

async function readOne(
  pool: Pool,
  instrument: { id: number; symbol: string },
  tf: Timeframe,
  range: BarRange,
  held?: { first: number; last: number; bars: number },
): Promise<BarSeries> {
  const empty = () => columnsToSeries(instrument.symbol, tf.name, allocateColumns(0));
  if (!held) return empty();
  const from = Math.max(range.from ?? -Infinity, held.first);
  const to = Math.min(range.to ?? Infinity, held.last + 1);
  if (!(from < to)) return empty();
  // Sized from what is stored, so the arrays rarely grow.
  const estimate = Math.min(held.bars, Math.ceil((to - from) / (tf.seconds * 1000)) + 1);
  if (estimate <= SPLIT_ABOVE) {
    return columnsToSeries(
      instrument.symbol,
      tf.name,
      await copyColumns(pool, copyQuery(instrument.id, tf, from, to), estimate),
    );
  }
  const middle = from + Math.floor((to - from) / 2);
  const [head, tail] = await Promise.all([
    copyColumns(pool, copyQuery(instrument.id, tf, from, middle), estimate),
    copyColumns(pool, copyQuery(instrument.id, tf, middle, to), estimate / 2),
  ]);
  appendColumns(head, tail);
  return columnsToSeries(instrument.symbol, tf.name, head);
}

/**
 * Loads one timeframe of bars for several instruments, one series per instrument in the given
 * order (empty when the range holds none).
 */
export async function readBars(
  pool: Pool,
  instruments: readonly { id: number; symbol: string }[],
  range: BarRange,
): Promise<BarSeries[]> {
  const tf = checkRange(range);
  const coverage = await readCoverage(
    pool,
    instruments.map((i) => i.id),
  );
  return Promise.all(
    instruments.map((instrument) =>
      readOne(
        pool,
        instrument,
        tf,
        range,
        coverage.find((c) => c.instrumentId === instrument.id && c.timeframe === tf.name),
      ),
    ),
  );
}
