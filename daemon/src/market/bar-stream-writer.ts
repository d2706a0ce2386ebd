// Streams bars into `bars` while they are still being produced (the CSV importer parses a batch,
// the batch is encoded and sent, PostgreSQL ingests it while the next batch is parsed), so a big
// import costs about max(parse, ingest) instead of their sum. Only for a range with nothing
// stored yet and intraday bars in strictly increasing time, which the CSV parser guarantees; the
// caller checks the parse errors afterwards and rolls the transaction back if there are any.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { BarSeries } from '../core/bar';
import type { PoolClient } from '../db/pool';
import { COPY_HEADER, COPY_TRAILER, createBarRowEncoder } from './bar-copy-encoder';
import { allInserted, prepareWrite, type WriteBarsOptions, type WriteBarsResult } from './bar-writer';
import { updateCoverage } from './coverage-update';

export interface BarBatchSource {
  /** Canonical intraday timeframe. */
  timeframe: string;
  /** Times of the first and last bar the source will produce. */
  first: number;
  last: number;
  /** An upper bound of the bar count, for progress. */
  expected: number;
  /** The next batch of bars (strictly after the previous ones), undefined at the end. */
  next(): BarSeries | undefined;
}

const ENCODER_ROWS = 8192;

/** Returns undefined, having consumed nothing, when bars are already stored in the range. */
export async function copyBarBatches(
  client: PoolClient,
  instrumentId: number,
  source: BarBatchSource,
  options: WriteBarsOptions,
): Promise<WriteBarsResult | undefined> {
  const { overlap } = await prepareWrite(client, instrumentId, source.timeframe, source.first, source.last);
  if (overlap) return undefined;
  const encode = createBarRowEncoder(instrumentId, source.timeframe, false, ENCODER_ROWS);
  let written = 0;
  function* chunks() {
    yield COPY_HEADER;
    for (let batch = source.next(); batch; batch = source.next()) {
      for (let start = 0; start < batch.length; start += ENCODER_ROWS)
        yield encode(batch, start, Math.min(batch.length, start + ENCODER_ROWS));
      written += batch.length;
      options.onProgress?.(written, Math.max(written, source.expected));
    }
    yield COPY_TRAILER;
  }
  const copy = client.query(
    copyFrom(
      'COPY bars (instrument_id, timeframe, ts, open, high, low, close, volume) FROM STDIN (FORMAT binary)',
    ),
  );
  await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
  if (written > 0) {
    await updateCoverage(client, instrumentId, source.timeframe, options.source, {
      first: source.first,
      last: source.last,
      written,
      added: written,
    });
  }
  return allInserted(source.timeframe, written, source.first, source.last);
}
