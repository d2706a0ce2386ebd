// Loads bars from PostgreSQL straight into BarSeries typed arrays. Instead of one result row
// per bar (an object and six parsed values each), the server packs each column of the range
// into one bytea of big-endian float8s (`string_agg(float8send(x) ORDER BY ts)`, fed in index
// order so nothing is sorted) and sends it through binary COPY, which hands us raw bytes (the
// pg driver would decode query results as UTF-8 text). The client only byte-swaps each column
// into a Float64Array: no per-bar work in JavaScript at all.
import { to as copyTo } from 'pg-copy-streams';
import type { BarSeries } from '../core/bar';
import { validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import type { Pool } from '../db/pool';
import { withTransaction } from '../db/pool';
import { decodePackedColumns } from './packed-columns';

export interface BarRange {
  timeframe: string;
  /** Epoch ms, inclusive; omitted = from the first bar. */
  from?: number;
  /** Epoch ms, exclusive; omitted = to the last bar. */
  to?: number;
}

function timestampLiteral(ms: number | undefined, fallback: string, path: string): string {
  if (ms === undefined) return `'${fallback}'`;
  if (!Number.isFinite(ms)) throw validationError([{ path, value: ms, expected: 'a time in epoch ms' }]);
  return `'${new Date(ms).toISOString()}'`;
}

// COPY takes no bind parameters, so the query is built from values checked to be safe literals:
// an integer id, a canonical timeframe name ([0-9]+[mhd]) and ISO timestamps.
function packedQuery(instrumentId: number, range: BarRange): string {
  const tf = parseTimeframe(range.timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: range.timeframe, expected: 'a timeframe like 1m, 1h or 1d' },
    ]);
  if (!Number.isSafeInteger(instrumentId))
    throw validationError([{ path: 'instrumentId', value: instrumentId, expected: 'an integer id' }]);
  const column = (expr: string) => `string_agg(float8send(${expr}), ''::bytea ORDER BY ts)`;
  return `COPY (
    SELECT count(*)::int4, ${column(`round(date_part('epoch', ts) * 1000)`)}, ${column('open')}, ${column('high')},
      ${column('low')}, ${column('close')}, ${column('volume')}
    FROM bars
    WHERE instrument_id = ${instrumentId} AND timeframe = '${tf.name}'
      AND ts >= ${timestampLiteral(range.from, '-infinity', 'from')} AND ts < ${timestampLiteral(range.to, 'infinity', 'to')}
  ) TO STDOUT (FORMAT binary)`;
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
  return withTransaction(pool, async (client) => {
    // Should the planner sort (stale statistics right after a bulk load), sort in memory.
    await client.query(`SET LOCAL work_mem = '256MB'`);
    const out: BarSeries[] = [];
    for (const instrument of instruments) {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(packedQuery(instrument.id, range))))
        chunks.push(chunk as Buffer);
      const columns = decodePackedColumns(Buffer.concat(chunks));
      const [time, open, high, low, close, volume] = columns.values;
      out.push({
        symbol: instrument.symbol,
        timeframe: parseTimeframe(range.timeframe)!.name,
        length: columns.count,
        time: time!,
        open: open!,
        high: high!,
        low: low!,
        close: close!,
        volume: volume!,
      });
    }
    return out;
  });
}
