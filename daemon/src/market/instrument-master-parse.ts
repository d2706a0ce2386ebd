// Dhan's instrument (scrip) master CSV → instrument rows (../shared/reference/dhan-api.md §6).
// Both published layouts are understood, told apart by their header: the compact one
// (SEM_* columns) and the detailed one (EXCH_ID, SEGMENT, SECURITY_ID …). Only NSE/BSE equity,
// index and equity-derivative rows are kept; currency and commodity rows are counted as skipped.
// Tick sizes in the master are in paise (5.0000 = ₹0.05), as OpenAlgo reads them. Pure.
import type { Exchange, ExchangeSegment, InstrumentKind } from '../core/instrument';
import { splitCsvLine } from './csv-line';

export interface MasterInstrument {
  exchange: Exchange;
  segment: ExchangeSegment;
  kind: InstrumentKind;
  symbol: string;
  name: string | null;
  securityId: string;
  isin: string | null;
  tickSize: number;
  lotSize: number;
  expiry: string | null;
  strike: number | null;
  optionType: 'CE' | 'PE' | null;
}

export interface MasterParseResult {
  layout: 'compact' | 'detailed';
  instruments: MasterInstrument[];
  /** Rows left out on purpose (other exchanges/segments/instrument types, duplicates). */
  skipped: number;
  /** Malformed rows: the first few, with line numbers. */
  bad: { line: number; reason: string }[];
  badCount: number;
}

const LAYOUTS = {
  compact: {
    exchange: 'SEM_EXM_EXCH_ID',
    segment: 'SEM_SEGMENT',
    securityId: 'SEM_SMST_SECURITY_ID',
    instrument: 'SEM_INSTRUMENT_NAME',
    symbol: 'SEM_TRADING_SYMBOL',
    lot: 'SEM_LOT_UNITS',
    expiry: 'SEM_EXPIRY_DATE',
    strike: 'SEM_STRIKE_PRICE',
    option: 'SEM_OPTION_TYPE',
    tick: 'SEM_TICK_SIZE',
    name: 'SM_SYMBOL_NAME',
    isin: '',
  },
  detailed: {
    exchange: 'EXCH_ID',
    segment: 'SEGMENT',
    securityId: 'SECURITY_ID',
    instrument: 'INSTRUMENT',
    symbol: 'SYMBOL_NAME',
    lot: 'LOT_SIZE',
    expiry: 'SM_EXPIRY_DATE',
    strike: 'STRIKE_PRICE',
    option: 'OPTION_TYPE',
    tick: 'TICK_SIZE',
    name: 'DISPLAY_NAME',
    isin: 'ISIN',
  },
} as const;
type Field = keyof (typeof LAYOUTS)['compact'];

const KINDS: Record<string, InstrumentKind> = {
  EQUITY: 'equity',
  INDEX: 'index',
  FUTIDX: 'future',
  FUTSTK: 'future',
  OPTIDX: 'option',
  OPTSTK: 'option',
};
const MAX_BAD_LISTED = 20;

function segmentOf(exchange: string, segment: string): ExchangeSegment | undefined {
  if (segment === 'I') return 'IDX_I';
  if (exchange !== 'NSE' && exchange !== 'BSE') return undefined;
  if (segment === 'E') return `${exchange}_EQ`;
  if (segment === 'D') return `${exchange}_FNO`;
  return undefined;
}

/** Returns the layout and column indexes, or the problem with the header. */
export function masterLayout(
  header: string,
): { layout: 'compact' | 'detailed'; index: Record<Field, number> } | { problem: string } {
  const names = splitCsvLine(header).map((n) =>
    n
      .trim()
      .replace(/^\uFEFF/, '')
      .toUpperCase(),
  );
  for (const layout of ['compact', 'detailed'] as const) {
    const columns = LAYOUTS[layout];
    const index = Object.fromEntries(
      Object.entries(columns).map(([field, name]) => [field, name ? names.indexOf(name) : -1]),
    ) as Record<Field, number>;
    const missing = Object.entries(columns).filter(([field, name]) => name && index[field as Field] < 0);
    if (missing.length === 0) return { layout, index };
  }
  return {
    problem: `not a Dhan instrument master: expected the compact columns (SEM_EXM_EXCH_ID, SEM_SEGMENT, SEM_SMST_SECURITY_ID, …) or the detailed ones (EXCH_ID, SEGMENT, SECURITY_ID, …); the header starts ${names.slice(0, 6).join(', ')}`,
  };
}

function toRow(values: string[], index: Record<Field, number>): MasterInstrument | string | undefined {
  const get = (f: Field) => (index[f] >= 0 ? (values[index[f]] ?? '').trim() : '');
  const exchange = get('exchange').toUpperCase();
  const segment = segmentOf(exchange, get('segment').toUpperCase());
  const kind = KINDS[get('instrument').toUpperCase()];
  if (!segment || !kind || (exchange !== 'NSE' && exchange !== 'BSE')) return undefined;
  const securityId = get('securityId');
  const symbol = get('symbol').toUpperCase();
  if (!/^\d+$/.test(securityId)) return `security id "${securityId}" is not a number`;
  if (!symbol || symbol.length > 64) return `trading symbol "${symbol}" is empty or too long`;
  const tickPaise = Number(get('tick'));
  if (!(tickPaise > 0)) return `tick size "${get('tick')}" is not a positive number`;
  const option = get('option').toUpperCase();
  const optionType = option === 'CE' || option === 'PE' ? option : null;
  if (kind === 'option' && !optionType) return `option without CE/PE ("${option}")`;
  const strike = Number(get('strike'));
  const expiry =
    /^\d{4}-\d{2}-\d{2}/.test(get('expiry')) && kind !== 'equity' && kind !== 'index'
      ? get('expiry').slice(0, 10)
      : null;
  return {
    exchange,
    segment,
    kind,
    symbol,
    name: get('name') || null,
    securityId,
    isin: get('isin') || null,
    tickSize: Math.round(tickPaise * 100) / 10_000,
    lotSize: Math.max(1, Math.round(Number(get('lot')) || 1)),
    expiry,
    strike: kind === 'option' && strike > 0 ? strike : null,
    optionType: kind === 'option' ? optionType : null,
  };
}

export function parseInstrumentMaster(text: string): MasterParseResult | { problem: string } {
  const lines = text.split(/\r?\n/);
  const found = masterLayout(lines[0] ?? '');
  if ('problem' in found) return found;
  const result: MasterParseResult = {
    layout: found.layout,
    instruments: [],
    skipped: 0,
    bad: [],
    badCount: 0,
  };
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const row = toRow(splitCsvLine(lines[i]!), found.index);
    if (typeof row === 'string') {
      if (result.bad.length < MAX_BAD_LISTED) result.bad.push({ line: i + 1, reason: row });
      result.badCount++;
      continue;
    }
    const key = row && `${row.exchange}:${row.symbol}`;
    const idKey = row && `${row.segment}:${row.securityId}`;
    if (!row || seen.has(key!) || seen.has(idKey!)) {
      result.skipped++;
      continue;
    }
    seen.add(key!).add(idKey!);
    result.instruments.push(row);
  }
  return result;
}
