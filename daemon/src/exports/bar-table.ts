// Stored bars of one symbol and timeframe over [from, to) as an export table, read page by page:
// each page is a binary COPY of at most PAGE rows decoded straight into typed arrays
// (market/copy-out-bars.ts), the next page starting after the last bar seen. All pages are read
// in one REPEATABLE READ transaction, so an import running meanwhile cannot tear the export.
import { AppError, validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import type { PoolClient } from '../db/pool';
import { allocateColumns } from '../market/bar-columns';
import { CopyOutBars } from '../market/copy-out-bars';
import type { StoredInstrument } from '../market/instrument-store';
import { float64, timestamp, type ExportTable } from './table';

/** Rows per page (and per Parquet row group). */
export const BAR_PAGE = 65_536;

export interface BarExportRange {
  timeframe: string;
  /** Epoch ms, inclusive; omitted = from the first bar. */
  from?: number;
  /** Epoch ms, exclusive; omitted = through the last bar. */
  to?: number;
}

const iso = (ms: number) => `'${new Date(ms).toISOString()}'`;

// COPY takes no bind parameters: every value below is checked to be a safe literal (an integer
// id, a canonical timeframe, ISO timestamps from finite numbers).
function pageQuery(instrumentId: number, timeframe: string, after: string, to: number | undefined): string {
  return `COPY (SELECT ts, open, high, low, close, volume FROM bars
    WHERE instrument_id = ${instrumentId} AND timeframe = '${timeframe}' AND ${after}
      ${to === undefined ? '' : `AND ts < ${iso(to)}`}
    ORDER BY ts LIMIT ${BAR_PAGE}) TO STDOUT (FORMAT binary)`;
}

/**
 * The export table of `instrument`'s bars. `client` must be in a transaction the caller opened
 * (REPEATABLE READ for a consistent export) and keep it until the table has been written.
 */
export function barTable(
  client: PoolClient,
  instrument: StoredInstrument,
  range: BarExportRange,
): ExportTable {
  const tf = parseTimeframe(range.timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: range.timeframe, expected: 'a timeframe like 1m, 1h or 1d' },
    ]);
  for (const key of ['from', 'to'] as const) {
    const v = range[key];
    if (v !== undefined && !Number.isFinite(v))
      throw validationError([{ path: key, value: v, expected: 'a time' }]);
  }
  if (!Number.isSafeInteger(instrument.id))
    throw new AppError('INVARIANT_BROKEN', `bad instrument id ${instrument.id}`);
  return {
    name: `${instrument.symbol}_${tf.name}`,
    columns: [
      { name: 'time', type: timestamp },
      { name: 'open', type: float64 },
      { name: 'high', type: float64 },
      { name: 'low', type: float64 },
      { name: 'close', type: float64 },
      { name: 'volume', type: float64 },
    ],
    async *batches() {
      let after = range.from === undefined ? 'true' : `ts >= ${iso(range.from)}`;
      for (;;) {
        const copy = new CopyOutBars(
          pageQuery(instrument.id, tf.name, after, range.to),
          allocateColumns(BAR_PAGE),
        );
        // pg runs any object with submit() as a query ("submittable").
        void client.query(copy as unknown as string);
        const page = await copy.done;
        if (page.length === 0) return;
        yield {
          length: page.length,
          values: [page.time, page.open, page.high, page.low, page.close, page.volume],
        };
        if (page.length < BAR_PAGE) return;
        after = `ts > ${iso(page.time[page.length - 1]!)}`;
      }
    },
  };
}
