// What the bar store holds, per instrument and timeframe (table bar_coverage, kept by writes).
import type { Pool, PoolClient } from '../db/pool';

export interface Coverage {
  instrumentId: number;
  exchange: string;
  symbol: string;
  name: string | null;
  synthetic: boolean;
  timeframe: string;
  /** Epoch ms of the first and last bar. */
  first: number;
  last: number;
  bars: number;
  source: string;
}

interface Row {
  instrument_id: number;
  exchange: string;
  symbol: string;
  name: string | null;
  synthetic: boolean;
  timeframe: string;
  first_ts: Date;
  last_ts: Date;
  bar_count: number;
  source: string;
}

/** Coverage rows, optionally for some instruments only, ordered by symbol then timeframe. */
export async function readCoverage(
  db: Pool | PoolClient,
  instrumentIds?: readonly number[],
): Promise<Coverage[]> {
  const { rows } = await db.query<Row>(
    `SELECT c.instrument_id, i.exchange, i.symbol, i.name, i.synthetic, c.timeframe, c.first_ts, c.last_ts,
            c.bar_count, c.source
       FROM bar_coverage c JOIN instruments i ON i.id = c.instrument_id
      WHERE $1::int8[] IS NULL OR c.instrument_id = ANY($1::int8[])
      ORDER BY i.symbol, i.exchange, c.timeframe`,
    [instrumentIds ?? null],
  );
  return rows.map((r) => ({
    instrumentId: Number(r.instrument_id),
    exchange: r.exchange,
    symbol: r.symbol,
    name: r.name,
    synthetic: r.synthetic,
    timeframe: r.timeframe,
    first: r.first_ts.getTime(),
    last: r.last_ts.getTime(),
    bars: Number(r.bar_count),
    source: r.source,
  }));
}
