// The streaming path of CSV import: intraday files whose range holds no stored bars yet are
// parsed batch by batch straight into a COPY (bar-stream-writer.ts), so parsing and PostgreSQL's
// ingest overlap. Any bad row found on the way rolls the whole transaction back, exactly as the
// parse-then-store path refuses the file; a range that overlaps stored bars falls back to it.
import { parseTimeframe } from '../core/timeframe';
import { withTransaction, type Pool } from '../db/pool';
import { analyzeAfterBulkWrite } from './bar-store';
import { copyBarBatches } from './bar-stream-writer';
import type { CsvBarReader } from './csv-bars';
import { keepOrRefuse, type ImportCsvRequest, type ImportedCsv } from './csv-import';
import { ensureInstrument } from './instrument-store';

/** Thrown inside the transaction to roll it back (nothing written) and take the other path. */
const OVERLAP = Symbol('overlap');

export async function streamCsvImport(
  pool: Pool,
  reader: CsvBarReader,
  request: ImportCsvRequest,
  where: string,
): Promise<ImportedCsv | undefined> {
  const tf = request.timeframe === undefined ? undefined : parseTimeframe(request.timeframe);
  const span = reader.span;
  // Daily bars are restamped (two rows can land on one date) and newest-first files are
  // reversed at the end: both need the whole series first.
  if (!tf || tf.daily || !span || reader.descending) return undefined;
  try {
    const stored = await withTransaction(pool, async (client) => {
      const instrument = await ensureInstrument(client, { symbol: request.symbol, source: 'csv' });
      const source = {
        timeframe: tf.name,
        first: span.first,
        last: span.last,
        expected: reader.rows,
        next: () => reader.next(),
      };
      const result = await copyBarBatches(client, instrument.id, source, {
        source: 'csv',
        onProgress: request.onProgress,
      });
      if (!result) throw OVERLAP;
      const parsed = { errors: reader.errors(), badRows: reader.badRows(), goodRows: result.written };
      const skipped = keepOrRefuse(where, request, parsed);
      return { ...result, instrument, ...(skipped ? { skipped } : {}) };
    });
    await analyzeAfterBulkWrite(pool, stored.written);
    return stored;
  } catch (err) {
    if (err === OVERLAP) return undefined;
    throw err;
  }
}
