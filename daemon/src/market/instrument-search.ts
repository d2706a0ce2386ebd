// Instrument search for the console and `data list`: by symbol prefix or name, paged, with what
// the bar store holds for each instrument.
import type { Pool } from '../db/pool';
import { toInstrument, type StoredInstrument } from './instrument-store';

export interface InstrumentSearch {
  query?: string;
  segment?: string;
  /** Only instruments with bars in the store. */
  withBars?: boolean;
  limit: number;
  offset: number;
}

export interface InstrumentHit extends StoredInstrument {
  /** Timeframes stored, with bar counts: { '1d': 1234 }. */
  bars: Record<string, number>;
}

export async function searchInstruments(
  pool: Pool,
  search: InstrumentSearch,
): Promise<{ total: number; items: InstrumentHit[] }> {
  const q = (search.query ?? '').trim();
  const where = `($1 = '' OR lower(i.symbol) LIKE lower($1) || '%' OR i.name ILIKE '%' || $1 || '%')
    AND ($2::text IS NULL OR i.segment = $2)
    AND (NOT $3 OR EXISTS (SELECT 1 FROM bar_coverage c WHERE c.instrument_id = i.id))`;
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const params = [escaped, search.segment ?? null, search.withBars ?? false];
  const [{ rows: counted }, { rows }] = await Promise.all([
    pool.query(`SELECT count(*)::int AS n FROM instruments i WHERE ${where}`, params),
    pool.query(
      `SELECT i.id, i.exchange, i.segment, i.kind, i.symbol, i.name, i.security_id, i.tick_size::float8 AS tick_size,
              i.lot_size, i.source, i.synthetic,
              coalesce((SELECT jsonb_object_agg(c.timeframe, c.bar_count) FROM bar_coverage c WHERE c.instrument_id = i.id), '{}') AS bars
         FROM instruments i
        WHERE ${where}
        ORDER BY (upper(i.symbol) = upper($1)) DESC, (lower(i.symbol) LIKE lower($1) || '%') DESC, i.symbol, i.exchange
        LIMIT $4 OFFSET $5`,
      [...params, search.limit, search.offset],
    ),
  ]);
  return {
    total: counted[0].n,
    items: rows.map((r) => ({ ...toInstrument(r), bars: r.bars as Record<string, number> })),
  };
}
