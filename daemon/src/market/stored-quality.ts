// The quality report of stored bars (`data check`, tRPC market.quality).
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
  return { ...checkQuality(series!), instrument: instrument! };
}
