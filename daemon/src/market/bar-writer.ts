// Bulk-loads bars with binary COPY. Writing a series replaces every stored bar of that
// instrument and timeframe between its first and last bar, then copies the series in, all
// inside the caller's transaction: a re-import of an overlapping range leaves no duplicates and
// no stale bars, and a failure leaves nothing half-written.
//
// There is no separate staging table: a staging table exists to de-duplicate and merge rows,
// and a checked series (strictly increasing times) has nothing to de-duplicate, while the range
// delete is the merge. Copying straight into `bars` writes every row once instead of twice.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { COPY_HEADER, COPY_TRAILER, encodeBarRows } from './bar-copy-encoder';
import { checkSeries, storedTime } from './series-check';

/** Rows per COPY chunk: ~1 MB, big enough to amortise stream overhead, small enough to report progress. */
const CHUNK_ROWS = 10_000;

export interface WriteBarsOptions {
  /** Recorded in bar_coverage: 'csv', 'yahoo', 'dhan', 'synthetic', ... */
  source: string;
  onProgress?(written: number, total: number): void;
}

export interface WriteBarsResult {
  written: number;
  /** Bars that were in the replaced range before the write. */
  replaced: number;
  first: number;
  last: number;
}

function* chunks(series: BarSeries, instrumentId: number, daily: boolean, options: WriteBarsOptions) {
  yield COPY_HEADER;
  for (let start = 0; start < series.length; start += CHUNK_ROWS) {
    const end = Math.min(series.length, start + CHUNK_ROWS);
    yield encodeBarRows(series, instrumentId, daily, start, end);
    options.onProgress?.(end, series.length);
  }
  yield COPY_TRAILER;
}

/** Writes a series for one instrument inside the caller's transaction (client is in BEGIN). */
export async function writeBars(
  client: PoolClient,
  instrumentId: number,
  series: BarSeries,
  options: WriteBarsOptions,
): Promise<WriteBarsResult> {
  const { daily } = checkSeries(series);
  if (series.length === 0) return { written: 0, replaced: 0, first: NaN, last: NaN };
  const first = storedTime(series.time[0]!, daily);
  const last = storedTime(series.time[series.length - 1]!, daily);
  const range = [instrumentId, series.timeframe, new Date(first).toISOString(), new Date(last).toISOString()];
  // The once-per-write stand-in for a foreign key (see sql/002_market.sql).
  const instrument = await client.query('SELECT 1 FROM instruments WHERE id = $1 FOR KEY SHARE', [
    instrumentId,
  ]);
  if (instrument.rowCount === 0) throw new AppError('NOT_FOUND', `instrument ${instrumentId} does not exist`);
  // Two writers of the same instrument and timeframe would each delete only what they can see
  // and then collide on the primary key: serialise them.
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('bars:' || $1 || ':' || $2, 0))`, [
    instrumentId,
    series.timeframe,
  ]);
  const deleted = await client.query(
    'DELETE FROM bars WHERE instrument_id = $1 AND timeframe = $2 AND ts BETWEEN $3 AND $4',
    range,
  );
  const copy = client.query(
    copyFrom(
      'COPY bars (instrument_id, timeframe, ts, open, high, low, close, volume) FROM STDIN (FORMAT binary)',
    ),
  );
  await pipeline(Readable.from(chunks(series, instrumentId, daily, options), { objectMode: false }), copy);
  await updateCoverage(client, instrumentId, series.timeframe, options.source, {
    first,
    last,
    written: series.length,
    added: series.length - (deleted.rowCount ?? 0),
  });
  return { written: series.length, replaced: deleted.rowCount ?? 0, first, last };
}

/** Keeps bar_coverage exact without counting: old count - deleted + written. */
async function updateCoverage(
  client: PoolClient,
  instrumentId: number,
  timeframe: string,
  source: string,
  change: { first: number; last: number; written: number; added: number },
): Promise<void> {
  await client.query(
    `INSERT INTO bar_coverage AS c (instrument_id, timeframe, first_ts, last_ts, bar_count, source)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (instrument_id, timeframe) DO UPDATE SET
       first_ts = least(c.first_ts, excluded.first_ts),
       last_ts = greatest(c.last_ts, excluded.last_ts),
       bar_count = c.bar_count + $7,
       source = excluded.source,
       updated_at = now()`,
    [
      instrumentId,
      timeframe,
      new Date(change.first).toISOString(),
      new Date(change.last).toISOString(),
      change.written,
      source,
      change.added,
    ],
  );
}
