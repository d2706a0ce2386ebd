// Stored bars for a replay: the instruments by the names users type and their bars of one
// timeframe in [from, to), from the bar store. A symbol without bars in the range is an error
// that says what the store holds (loadBacktestBars), so a replay never silently plays nothing.
import type { Pool } from '../../db/pool';
import { loadBacktestBars } from '../../market/bar-store';
import { findInstruments } from '../../market/instrument-store';
import type { ReplayInstrument } from './replay-source';

export async function loadReplayInstruments(
  pool: Pool,
  request: { symbols: readonly string[]; timeframe: string; from?: number; to?: number },
): Promise<ReplayInstrument[]> {
  const instruments = await findInstruments(pool, request.symbols);
  const series = await loadBacktestBars(pool, request);
  return instruments.map((i, k) => ({
    symbol: i.symbol,
    segment: i.segment,
    ...(i.securityId ? { securityId: i.securityId } : {}),
    series: series[k]!,
  }));
}
