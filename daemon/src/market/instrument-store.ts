// Instruments in the database: lookup by the names users type, creation on first import, search.
import type { Exchange, ExchangeSegment, Instrument, InstrumentKind } from '../core/instrument';
import { AppError } from '../core/errors';
import type { Pool, PoolClient } from '../db/pool';
import { formatSymbolRef, isIndexSymbol, parseSymbolRef, type SymbolRef } from './symbol-ref';

export interface StoredInstrument {
  id: number;
  exchange: Exchange;
  segment: ExchangeSegment;
  kind: InstrumentKind;
  symbol: string;
  name: string | null;
  securityId: string | null;
  tickSize: number;
  lotSize: number;
  /** The exchange's largest quantity for one order (F&O); null when the master has none. */
  freezeQty: number | null;
  source: string;
  synthetic: boolean;
}

type Queryable = Pool | PoolClient;

const COLUMNS = `id, exchange, segment, kind, symbol, name, security_id, tick_size::float8 AS tick_size,
  lot_size, freeze_qty, source, synthetic`;

interface Row {
  id: number;
  exchange: Exchange;
  segment: ExchangeSegment;
  kind: InstrumentKind;
  symbol: string;
  name: string | null;
  security_id: string | null;
  tick_size: number;
  lot_size: number;
  freeze_qty: number | null;
  source: string;
  synthetic: boolean;
}

export function toInstrument(row: Row): StoredInstrument {
  return {
    id: Number(row.id),
    exchange: row.exchange,
    segment: row.segment,
    kind: row.kind,
    symbol: row.symbol,
    name: row.name,
    securityId: row.security_id,
    tickSize: row.tick_size,
    lotSize: row.lot_size,
    freezeQty: row.freeze_qty,
    source: row.source,
    synthetic: row.synthetic,
  };
}

/** What a backtest takes from the instrument master (engine spec `instruments`). */
export type MasterInstrument = Pick<
  Instrument,
  'tickSize' | 'lotSize' | 'freezeQty' | 'exchange' | 'segment' | 'kind'
>;

/**
 * The instrument master's facts a backtest sizes and prices orders by, so that F&O lots, ticks and
 * freeze quantities are the same as in live trading.
 */
export function masterInstrument(stored: StoredInstrument): MasterInstrument {
  const { tickSize, lotSize, freezeQty, exchange, segment, kind } = stored;
  return { tickSize, lotSize, exchange, segment, kind, ...(freezeQty === null ? {} : { freezeQty }) };
}

/** Resolves each name to an instrument; NOT_FOUND names every unknown one. Order is kept. */
export async function findInstruments(db: Queryable, names: readonly string[]): Promise<StoredInstrument[]> {
  const refs = names.map((n, i) => parseSymbolRef(n, `symbols[${i}]`));
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM instruments WHERE symbol = ANY($1)`, [
    refs.map((r) => r.symbol),
  ]);
  const found: StoredInstrument[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const match = pick(rows.map(toInstrument), ref);
    if (match) found.push(match);
    else missing.push(formatSymbolRef(ref));
  }
  if (missing.length > 0) {
    throw new AppError(
      'NOT_FOUND',
      `unknown instrument ${missing.join(', ')}: import bars for it (quanttrade data import/fetch/synth) or load the instrument master`,
      { symbols: missing },
    );
  }
  return found;
}

/** NSE is preferred when the user did not name an exchange and both list the symbol. */
function pick(candidates: StoredInstrument[], ref: SymbolRef): StoredInstrument | undefined {
  const same = candidates.filter((c) => c.symbol === ref.symbol);
  if (ref.explicitExchange) return same.find((c) => c.exchange === ref.exchange);
  return same.find((c) => c.exchange === 'NSE') ?? same[0];
}

export interface NewInstrument {
  symbol: string;
  source: string;
  synthetic?: boolean;
  name?: string;
  tickSize?: number;
}

/**
 * Finds the instrument a bar import is for, creating a cash-equity one (tick 0.05, lot 1; an
 * index for a Yahoo index symbol such as ^NSEI) when the instrument master has not been loaded. A synthetic import never writes bars into a real
 * instrument, and real data never lands in a synthetic one.
 */
export async function ensureInstrument(db: Queryable, spec: NewInstrument): Promise<StoredInstrument> {
  const ref = parseSymbolRef(spec.symbol);
  const synthetic = spec.synthetic ?? false;
  // A Yahoo index (^NSEI) is data only, as Dhan's indices are: segment IDX_I, kind index.
  const index = isIndexSymbol(ref.symbol);
  const segment = index ? 'IDX_I' : ref.exchange === 'NSE' ? 'NSE_EQ' : 'BSE_EQ';
  await db.query(
    `INSERT INTO instruments (exchange, segment, kind, symbol, name, tick_size, source, synthetic)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (exchange, symbol) DO NOTHING`,
    [
      ref.exchange,
      segment,
      index ? 'index' : 'equity',
      ref.symbol,
      spec.name ?? null,
      spec.tickSize ?? 0.05,
      spec.source,
      synthetic,
    ],
  );
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM instruments WHERE exchange = $1 AND symbol = $2`,
    [ref.exchange, ref.symbol],
  );
  const instrument = toInstrument(rows[0]!);
  if (instrument.synthetic !== synthetic) {
    const what = instrument.synthetic ? 'synthetic' : 'real';
    throw new AppError(
      'CONFLICT',
      `${formatSymbolRef(ref)} holds ${what} data; refusing to mix in ${synthetic ? 'synthetic' : 'real'} bars (use another symbol)`,
      { symbol: formatSymbolRef(ref) },
    );
  }
  return instrument;
}
