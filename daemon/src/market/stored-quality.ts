// The quality report of stored bars (`data check`, tRPC market.quality).
import { bseCalendar, nseCalendar } from '../core/calendar/trading-calendar';
import type { Pool } from '../db/pool';
import { readBars } from './bar-reader';
import { findInstruments, type StoredInstrument } from './instrument-store';
import { checkQuality, type QualityReport } from './quality-report';

export interface StoredQuality extends QualityReport {
  instrument: StoredInstrument;
}

export async function checkStoredQuality(
  pool: Pool,
  request: { symbol: string; timeframe: string; from?: number; to?: number },
): Promise<StoredQuality> {
  const [instrument] = await findInstruments(pool, [request.symbol]);
  const [series] = await readBars(pool, [instrument!], request);
  // Indices and anything not listed on BSE follow NSE's sessions.
  const calendar = instrument!.exchange === 'BSE' ? bseCalendar : nseCalendar;
  return { ...checkQuality(series!, { calendar }), instrument: instrument! };
}
