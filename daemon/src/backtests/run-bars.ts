// Loads the bars a run needs from the bar store (market/bar-store.ts): the universe's series of
// the timeframe over [from, to), reaching back far enough for `warmupBars` before `from`. A
// symbol without bars in the range is an error naming what the store holds for it.
import type { BarSeries } from '../core/bar';
import { parseTimeBound } from '../core/time-window';
import type { Pool } from '../db/pool';
import { loadBacktestBars } from '../market/bar-store';
import { findInstruments, masterInstrument, type MasterInstrument } from '../market/instrument-store';
import type { RunSpec } from './run-spec';

/**
 * Time of the bar `warmupBars` before `from` across the instruments (the earliest of them), so
 * that every series gets its full warm-up; `from` when none is needed. Bars are counted, not
 * calendar time, because sessions, weekends and holidays leave gaps of every size. One index
 * probe per instrument on the bars primary key (instrument_id, timeframe, ts).
 */
async function warmupStart(pool: Pool, spec: RunSpec, from: number): Promise<number> {
  if (spec.warmupBars === 0) return from;
  const instruments = await findInstruments(pool, spec.symbols);
  const { rows } = await pool.query<{ start: Date | null }>(
    `SELECT min(w.ts) AS start
       FROM unnest($1::bigint[]) AS i(id)
       CROSS JOIN LATERAL (
         SELECT ts FROM bars
          WHERE instrument_id = i.id AND timeframe = $2 AND ts < to_timestamp($3 / 1000.0)
          ORDER BY ts DESC OFFSET $4 - 1 LIMIT 1
       ) w`,
    [instruments.map((i) => i.id), spec.timeframe, from, spec.warmupBars],
  );
  // Fewer bars than asked before `from`: take everything there is.
  if (!rows[0]?.start) return -Infinity;
  return Math.min(from, rows[0].start.getTime());
}

/** The run's instruments from the instrument master, keyed like its series (the instrument symbol). */
export async function loadRunInstruments(
  pool: Pool,
  spec: RunSpec,
): Promise<Record<string, MasterInstrument>> {
  const stored = await findInstruments(pool, spec.symbols);
  return Object.fromEntries(stored.map((i) => [i.symbol, masterInstrument(i)]));
}

/** The run's series keyed by the engine's symbol (the instrument symbol, e.g. TCS for NSE:TCS). */
export async function loadRunBars(pool: Pool, spec: RunSpec): Promise<Map<string, BarSeries>> {
  const from = parseTimeBound(spec.from, 'from');
  const to = parseTimeBound(spec.to, 'to');
  const start = await warmupStart(pool, spec, from);
  const series = await loadBacktestBars(pool, {
    symbols: spec.symbols,
    timeframe: spec.timeframe,
    from: Number.isFinite(start) ? start : undefined,
    to,
  });
  return new Map(series.map((s) => [s.symbol, s]));
}
