// Bars a worker thread loaded recently, kept for the next run over the same universe and range —
// a sweep's children, or many scripts backtesting one symbol, load the same bars again and again.
// Each use is checked against the bar store first: bar_coverage (one row per instrument and
// timeframe, rewritten by every write, market/bar-writer.ts) gives a stamp — count and time of
// the last write — and a changed stamp means reload. Stamps are read before loading, so a write
// that lands during the load makes the entry stale at once rather than hiding it. Runs only read
// the arrays, so one entry serves many runs.
import type { BarSeries } from '../core/bar';
import type { Pool } from '../db/pool';
import { findInstruments } from '../market/instrument-store';
import { loadRunBars } from './run-bars';
import type { RunSpec } from './run-spec';

interface Entry {
  stamp: string;
  bars: Map<string, BarSeries>;
  size: number;
}

async function coverageStamp(pool: Pool, spec: RunSpec): Promise<string> {
  const instruments = await findInstruments(pool, spec.symbols);
  const { rows } = await pool.query<{ stamp: string | null }>(
    `SELECT string_agg(instrument_id || ':' || bar_count || ':' || updated_at, ',' ORDER BY instrument_id) AS stamp
       FROM bar_coverage WHERE instrument_id = ANY($1) AND timeframe = $2`,
    [instruments.map((i) => i.id), spec.timeframe],
  );
  return `${instruments.map((i) => i.id).join(',')}|${rows[0]?.stamp ?? ''}`;
}

export class BarCache {
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  /** @param maxBars bars kept in all (each bar is 48 bytes: six float64 columns). */
  constructor(private readonly maxBars: number) {}

  async load(pool: Pool, spec: RunSpec): Promise<Map<string, BarSeries>> {
    const key = JSON.stringify([spec.symbols, spec.timeframe, spec.from, spec.to, spec.warmupBars]);
    const stamp = await coverageStamp(pool, spec);
    const hit = this.entries.get(key);
    if (hit?.stamp === stamp) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.bars;
    }
    if (hit) this.drop(key, hit);
    const bars = await loadRunBars(pool, spec);
    const size = [...bars.values()].reduce((n, s) => n + s.length, 0);
    if (size <= this.maxBars) {
      for (const [oldest, entry] of this.entries) {
        if (this.held + size <= this.maxBars) break;
        this.drop(oldest, entry);
      }
      this.entries.set(key, { stamp, bars, size });
      this.held += size;
    }
    return bars;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.held -= entry.size;
  }
}
