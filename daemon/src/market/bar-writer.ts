// Bulk-loads bars with binary COPY inside the caller's transaction. Writing a series makes the
// stored bars of that instrument and timeframe between its first and last bar exactly the
// series: no duplicates, no stale bars, and a failure leaves nothing half-written.
//
// Two paths. When nothing is stored in the range (a first import, or new dates) the rows are
// copied straight into `bars`: each row is written once. When the range overlaps stored bars,
// the stored range is read back (the fast read path) and diffed against the series: bars missing
// from the series are deleted, changed ones updated through a staging table, new ones copied in,
// unchanged ones left alone — so re-importing the same file rewrites nothing. (Deleting and
// re-inserting a million rows cost several times more: every insert steps over its own dead
// predecessor in the unique index; a server-side merge of staging and bars cost three joins.)
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { COPY_HEADER, COPY_TRAILER, createBarRowEncoder } from './bar-copy-encoder';
import { readStoredRange } from './bar-reader';
import { diffBars, pickBars } from './bar-diff';
import { updateCoverage } from './coverage-update';
import { checkSeries, storedTime } from './series-check';

/** Rows per COPY chunk: ~1 MB, big enough to amortise stream overhead, small enough to report progress. */
const CHUNK_ROWS = 10_000;
const COLUMNS = '(instrument_id, timeframe, ts, open, high, low, close, volume)';

export interface WriteBarsOptions {
  /** Recorded in bar_coverage: 'csv', 'yahoo', 'dhan', 'synthetic', ... */
  source: string;
  onProgress?(written: number, total: number): void;
}

export interface WriteBarsResult {
  timeframe: string;
  /** Bars in the series: the stored range now holds exactly these. */
  written: number;
  /** Bars that were stored in the series' range before the write. */
  replaced: number;
  /** What the write changed: bars added, stored bars given new values, stored bars removed… */
  inserted: number;
  updated: number;
  deleted: number;
  /** … and bars already stored with the same values (a re-import of the same file: all of them). */
  unchanged: number;
  first: number;
  last: number;
}

/** The result of a write that added every bar of the series to an empty range. */
export function allInserted(
  timeframe: string,
  written: number,
  first: number,
  last: number,
): WriteBarsResult {
  return {
    timeframe,
    written,
    replaced: 0,
    inserted: written,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    first,
    last,
  };
}

export function* copyChunks(
  series: BarSeries,
  instrumentId: number,
  daily: boolean,
  options: Pick<WriteBarsOptions, 'onProgress'>,
) {
  yield COPY_HEADER;
  const encode = createBarRowEncoder(
    instrumentId,
    series.timeframe,
    daily,
    Math.min(CHUNK_ROWS, series.length),
  );
  for (let start = 0; start < series.length; start += CHUNK_ROWS) {
    const end = Math.min(series.length, start + CHUNK_ROWS);
    yield encode(series, start, end);
    options.onProgress?.(end, series.length);
  }
  yield COPY_TRAILER;
}

async function copyInto(
  client: PoolClient,
  table: string,
  series: BarSeries,
  id: number,
  daily: boolean,
  options: Pick<WriteBarsOptions, 'onProgress'>,
) {
  const copy = client.query(copyFrom(`COPY ${table} ${COLUMNS} FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(copyChunks(series, id, daily, options), { objectMode: false }), copy);
}

/** Stored times of the series' bars: daily bars are restamped to IST midnight. */
function storedTimes(series: BarSeries, daily: boolean): Float64Array {
  if (!daily) return series.time;
  return series.time.map((t) => storedTime(t, daily));
}

const UPDATE_CHANGED = `
  UPDATE bars b SET open = s.open, high = s.high, low = s.low, close = s.close, volume = s.volume
    FROM bars_stage s WHERE b.instrument_id = s.instrument_id AND b.timeframe = s.timeframe AND b.ts = s.ts`;

/** Applies the difference between the stored range and the series; returns bars inserted and deleted. */
async function merge(
  client: PoolClient,
  id: number,
  series: BarSeries,
  daily: boolean,
  range: { first: number; last: number },
  options: WriteBarsOptions,
) {
  const times = storedTimes(series, daily);
  const stored = await readStoredRange(client, id, series.timeframe, range.first, range.last, series.length);
  const diff = diffBars(stored, series, times);
  if (diff.stale.length > 0) {
    await client.query(
      'DELETE FROM bars WHERE instrument_id = $1 AND timeframe = $2 AND ts = ANY($3::timestamptz[])',
      [id, series.timeframe, diff.stale.map((t) => new Date(t).toISOString())],
    );
  }
  if (diff.changed.length > 0) {
    await client.query('CREATE TEMP TABLE IF NOT EXISTS bars_stage (LIKE bars) ON COMMIT DROP');
    await client.query('TRUNCATE bars_stage');
    await copyInto(client, 'bars_stage', pickBars(series, times, diff.changed), id, false, {});
    await client.query(UPDATE_CHANGED);
  }
  if (diff.added.length > 0)
    await copyInto(client, 'bars', pickBars(series, times, diff.added), id, false, {});
  options.onProgress?.(series.length, series.length);
  return {
    inserted: diff.added.length,
    updated: diff.changed.length,
    deleted: diff.stale.length,
    before: stored.length,
  };
}

/**
 * The checks every write starts with: the instrument exists (KEY SHARE-locked, the once-per-write
 * stand-in for a foreign key, see sql/002_market.sql), writers of this instrument and timeframe
 * are serialised, and whether bars are already stored in [first, last].
 */
export async function prepareWrite(
  client: PoolClient,
  instrumentId: number,
  timeframe: string,
  first: number,
  last: number,
): Promise<{ overlap: boolean }> {
  const instrument = await client.query('SELECT 1 FROM instruments WHERE id = $1 FOR KEY SHARE', [
    instrumentId,
  ]);
  if (instrument.rowCount === 0) throw new AppError('NOT_FOUND', `instrument ${instrumentId} does not exist`);
  // Two writers of one instrument and timeframe would each merge against what they can see and
  // then collide on the primary key.
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('bars:' || $1 || ':' || $2, 0))`, [
    instrumentId,
    timeframe,
  ]);
  const { rows } = await client.query(
    'SELECT EXISTS (SELECT 1 FROM bars WHERE instrument_id = $1 AND timeframe = $2 AND ts BETWEEN $3 AND $4) AS overlap',
    [instrumentId, timeframe, new Date(first).toISOString(), new Date(last).toISOString()],
  );
  return { overlap: rows[0].overlap };
}

/** Writes a series for one instrument inside the caller's transaction (client is in BEGIN). */
export async function writeBars(
  client: PoolClient,
  instrumentId: number,
  series: BarSeries,
  options: WriteBarsOptions,
): Promise<WriteBarsResult> {
  const { daily } = checkSeries(series);
  if (series.length === 0) return allInserted(series.timeframe, 0, NaN, NaN);
  const first = storedTime(series.time[0]!, daily);
  const last = storedTime(series.time[series.length - 1]!, daily);
  const { overlap } = await prepareWrite(client, instrumentId, series.timeframe, first, last);
  let change = { inserted: series.length, updated: 0, deleted: 0, before: 0 };
  if (!overlap) await copyInto(client, 'bars', series, instrumentId, daily, options);
  else change = await merge(client, instrumentId, series, daily, { first, last }, options);
  const { inserted, updated, deleted, before } = change;
  // An identical re-import changes nothing, not even the coverage's source or update time.
  if (inserted + updated + deleted > 0) {
    await updateCoverage(client, instrumentId, series.timeframe, options.source, {
      first,
      last,
      written: series.length,
      added: inserted - deleted,
    });
  }
  const unchanged = series.length - inserted - updated;
  const { timeframe } = series;
  return {
    timeframe,
    written: series.length,
    replaced: before,
    inserted,
    updated,
    deleted,
    unchanged,
    first,
    last,
  };
}
