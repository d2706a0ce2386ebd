// Loads Dhan's instrument master into `instruments` from a file path or a URL: parse everything
// first (a wrong file changes nothing), then COPY into a temporary table and merge in one
// transaction. Instruments created earlier by imports gain their security id, tick and lot size;
// synthetic instruments are never touched.
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError, validationError } from '../core/errors';
import { withTransaction, type Pool } from '../db/pool';
import {
  parseInstrumentMaster,
  type MasterInstrument,
  type MasterParseResult,
} from './instrument-master-parse';
import { fetchWithRetry, type RetryPolicy } from './sources/http-retry';

export const DHAN_MASTER_URL = 'https://images.dhan.co/api-data/api-scrip-master.csv';

export interface LoadMasterResult {
  layout: MasterParseResult['layout'];
  upserted: number;
  skipped: number;
  badRows: number;
  badExamples: MasterParseResult['bad'];
}

function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

function* copyRows(rows: readonly MasterInstrument[]) {
  const batch: string[] = [];
  for (const r of rows) {
    const values = [
      r.exchange,
      r.segment,
      r.kind,
      r.symbol,
      r.name,
      r.securityId,
      r.isin,
      r.tickSize,
      r.lotSize,
      r.expiry,
      r.strike,
      r.optionType,
    ];
    batch.push(`${values.map(copyText).join('\t')}\n`);
    if (batch.length === 5000) yield batch.splice(0).join('');
  }
  if (batch.length) yield batch.join('');
}

async function readSource(
  source: { path?: string; url?: string },
  retry?: Partial<RetryPolicy>,
): Promise<string> {
  if (source.path) {
    try {
      return await readFile(source.path, 'utf8');
    } catch (err) {
      throw validationError([
        {
          path: 'file',
          value: source.path,
          expected: `a readable instrument master CSV (${(err as NodeJS.ErrnoException).code})`,
        },
      ]);
    }
  }
  const url = source.url ?? DHAN_MASTER_URL;
  const response = await fetchWithRetry({ source: 'Dhan instrument master', url, retry });
  if (response.status !== 200) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', `Dhan instrument master ${url}: HTTP ${response.status}`, {
      url,
    });
  }
  return response.text;
}

const MERGE = `
  UPDATE instruments i SET security_id = NULL
    FROM master_load m
   WHERE i.segment = m.segment AND i.security_id = m.security_id AND (i.exchange, i.symbol) <> (m.exchange, m.symbol);
  INSERT INTO instruments AS i (exchange, segment, kind, symbol, name, security_id, isin, tick_size, lot_size, expiry, strike, option_type, source)
  SELECT exchange, segment, kind, symbol, name, security_id, isin, tick_size, lot_size, expiry, strike, option_type, 'dhan-master'
    FROM master_load
  ON CONFLICT (exchange, symbol) DO UPDATE SET
    segment = excluded.segment, kind = excluded.kind, name = coalesce(excluded.name, i.name),
    security_id = excluded.security_id, isin = excluded.isin, tick_size = excluded.tick_size,
    lot_size = excluded.lot_size, expiry = excluded.expiry, strike = excluded.strike,
    option_type = excluded.option_type, source = 'dhan-master'
  WHERE NOT i.synthetic`;

export async function loadInstrumentMaster(
  pool: Pool,
  source: { path?: string; url?: string },
  retry?: Partial<RetryPolicy>,
): Promise<LoadMasterResult> {
  const parsed = parseInstrumentMaster(await readSource(source, retry));
  const where = source.path ?? source.url ?? DHAN_MASTER_URL;
  if ('problem' in parsed)
    throw validationError([{ path: 'file', value: where, expected: parsed.problem }], 'instrument master');
  if (parsed.instruments.length === 0) {
    throw validationError(
      [{ path: 'file', value: where, expected: 'at least one NSE/BSE equity, index or derivative row' }],
      'instrument master',
    );
  }
  await withTransaction(pool, async (client) => {
    await client.query(`CREATE TEMP TABLE master_load (
      exchange text, segment text, kind text, symbol text, name text, security_id text, isin text,
      tick_size numeric, lot_size int, expiry date, strike numeric, option_type text) ON COMMIT DROP`);
    const copy = client.query(copyFrom('COPY master_load FROM STDIN'));
    await pipeline(Readable.from(copyRows(parsed.instruments)), copy);
    await client.query(MERGE);
  });
  return {
    layout: parsed.layout,
    upserted: parsed.instruments.length,
    skipped: parsed.skipped,
    badRows: parsed.badCount,
    badExamples: parsed.bad,
  };
}
