// Dhan's instrument (scrip) master CSV → instrument rows (../shared/reference/dhan-api.md §6).
// Both published layouts are understood, told apart by their header: the compact one
// (SEM_* columns) and the detailed one (EXCH_ID, SEGMENT, SECURITY_ID …). Only NSE/BSE equity,
// index and equity-derivative rows are kept; currency and commodity rows are counted as skipped.
// Tick sizes in the master are in paise (5.0000 = ₹0.05), as OpenAlgo reads them. Pure.
//
// The symbol stored is the one users type, and both layouts give the same one for a security id:
// - compact: SEM_TRADING_SYMBOL for every kind (RELIANCE, NIFTY, NIFTY-Sep2026-FUT,
//   NIFTY-Sep2026-29150-CE); the name is SM_SYMBOL_NAME.
// - detailed: SYMBOL_NAME is NOT the trading symbol for equities: it holds the exchange's company
//   name (CHOLAFIN → "CHOLAMANDALAM IN & FIN CO", HFCL → "HFCL LIMITED"). Equities and indices
//   take UNDERLYING_SYMBOL (CHOLAFIN, NIFTY); derivatives take SYMBOL_NAME, which on NSE is the
//   compact trading symbol (NIFTY-Sep2026-29150-CE for security id 35084 in both files). BSE
//   derivatives carry the exchange's product code there instead (BSXOPT for every SENSEX option),
//   so a SYMBOL_NAME that does not start with "UNDERLYING-" is rebuilt in the compact form
//   (SENSEX-Sep2026-74300-CE). The name is DISPLAY_NAME (Cholamandalam Investment, Nifty 50,
//   NIFTY 29 SEP 29150 CALL), else an equity's SYMBOL_NAME.
// One NSE symbol can name several equity-segment listings: the share and the company's bonds
// (CHOLAFIN's NCD, series D1, comes before the share in the detailed file). The share series
// (EQ, BE, BZ, SM, ST, SZ) wins whatever the order; otherwise the first row wins.
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
    underlying: '',
    display: '',
    lot: 'SEM_LOT_UNITS',
    expiry: 'SEM_EXPIRY_DATE',
    strike: 'SEM_STRIKE_PRICE',
    option: 'SEM_OPTION_TYPE',
    tick: 'SEM_TICK_SIZE',
    name: 'SM_SYMBOL_NAME',
    isin: '',
    series: 'SEM_SERIES',
  },
  detailed: {
    exchange: 'EXCH_ID',
    segment: 'SEGMENT',
    securityId: 'SECURITY_ID',
    instrument: 'INSTRUMENT',
    symbol: 'SYMBOL_NAME',
    underlying: 'UNDERLYING_SYMBOL',
    display: 'DISPLAY_NAME',
    lot: 'LOT_SIZE',
    expiry: 'SM_EXPIRY_DATE',
    strike: 'STRIKE_PRICE',
    option: 'OPTION_TYPE',
    tick: 'TICK_SIZE',
    name: '',
    isin: 'ISIN',
    series: 'SERIES',
  },
} as const;
type Field = keyof (typeof LAYOUTS)['compact'];
type Layout = keyof typeof LAYOUTS;
/** Read when present, never required to recognise a layout. */
const OPTIONAL: ReadonlySet<Field> = new Set(['series']);

const KINDS: Record<string, InstrumentKind> = {
  EQUITY: 'equity',
  INDEX: 'index',
  FUTIDX: 'future',
  FUTSTK: 'future',
  OPTIDX: 'option',
  OPTSTK: 'option',
};
const MAX_BAD_LISTED = 20;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NSE_SHARE_SERIES: ReadonlySet<string> = new Set(['EQ', 'BE', 'BZ', 'SM', 'ST', 'SZ']);

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
): { layout: Layout; index: Record<Field, number> } | { problem: string } {
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
    const missing = Object.entries(columns).filter(
      ([field, name]) => name && !OPTIONAL.has(field as Field) && index[field as Field] < 0,
    );
    if (missing.length === 0) return { layout, index };
  }
  return {
    problem: `not a Dhan instrument master: expected the compact columns (SEM_EXM_EXCH_ID, SEM_SEGMENT, SEM_SMST_SECURITY_ID, …) or the detailed ones (EXCH_ID, SEGMENT, SECURITY_ID, …); the header starts ${names.slice(0, 6).join(', ')}`,
  };
}

/** Dhan's compact contract symbol: NIFTY-Sep2026-FUT, NIFTY-Sep2026-29150-CE. */
function contractSymbol(
  underlying: string,
  expiry: string,
  kind: InstrumentKind,
  strike: number,
  option: string,
) {
  const month = `${MONTHS[Number(expiry.slice(5, 7)) - 1]}${expiry.slice(0, 4)}`;
  return kind === 'future' ? `${underlying}-${month}-FUT` : `${underlying}-${month}-${strike}-${option}`;
}

/** The tradable symbol and the name of a row (see the top of this file). */
function symbolAndName(
  layout: Layout,
  kind: InstrumentKind,
  get: (f: Field) => string,
  contract: { expiry: string | null; strike: number; option: string },
): { symbol: string; name: string | null } {
  if (layout === 'compact') return { symbol: get('symbol'), name: get('name') || null };
  const underlying = get('underlying');
  const symbolName = get('symbol');
  const display = get('display');
  if (kind === 'equity') return { symbol: underlying, name: display || symbolName || null };
  if (kind === 'index') return { symbol: underlying || symbolName, name: display || null };
  const rebuild =
    underlying &&
    contract.expiry &&
    (kind === 'future' || contract.strike > 0) &&
    !symbolName.toUpperCase().startsWith(`${underlying.toUpperCase()}-`);
  return {
    symbol: rebuild
      ? contractSymbol(underlying, contract.expiry!, kind, contract.strike, contract.option)
      : symbolName,
    name: display || null,
  };
}

interface ParsedRow {
  row: MasterInstrument;
  /** Lower wins when two rows of one exchange share a symbol. */
  rank: number;
}

function toRow(
  values: string[],
  layout: Layout,
  index: Record<Field, number>,
): ParsedRow | string | undefined {
  const get = (f: Field) => (index[f] >= 0 ? (values[index[f]] ?? '').trim() : '');
  const exchange = get('exchange').toUpperCase();
  const segment = segmentOf(exchange, get('segment').toUpperCase());
  const kind = KINDS[get('instrument').toUpperCase()];
  if (!segment || !kind || (exchange !== 'NSE' && exchange !== 'BSE')) return undefined;
  const securityId = get('securityId');
  if (!/^\d+$/.test(securityId)) return `security id "${securityId}" is not a number`;
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
  const named = symbolAndName(layout, kind, get, { expiry, strike, option });
  const symbol = named.symbol.toUpperCase();
  if (!symbol || symbol.length > 64) return `trading symbol "${symbol}" is empty or too long`;
  const series = get('series').toUpperCase();
  return {
    row: {
      exchange,
      segment,
      kind,
      symbol,
      name: named.name,
      securityId,
      isin: get('isin') || null,
      tickSize: Math.round(tickPaise * 100) / 10_000,
      lotSize: Math.max(1, Math.round(Number(get('lot')) || 1)),
      expiry,
      strike: kind === 'option' && strike > 0 ? strike : null,
      optionType: kind === 'option' ? optionType : null,
    },
    rank: kind === 'equity' && exchange === 'NSE' && !NSE_SHARE_SERIES.has(series) ? 1 : 0,
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
  const ids = new Set<string>();
  const bySymbol = new Map<string, { at: number; rank: number }>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const parsed = toRow(splitCsvLine(lines[i]!), found.layout, found.index);
    if (typeof parsed === 'string') {
      if (result.bad.length < MAX_BAD_LISTED) result.bad.push({ line: i + 1, reason: parsed });
      result.badCount++;
      continue;
    }
    if (!parsed) {
      result.skipped++;
      continue;
    }
    const { row, rank } = parsed;
    const idKey = `${row.segment}:${row.securityId}`;
    const kept = bySymbol.get(`${row.exchange}:${row.symbol}`);
    if (ids.has(idKey) || (kept && kept.rank <= rank)) {
      result.skipped++;
      continue;
    }
    ids.add(idKey);
    if (kept) {
      // A better listing for a symbol already taken (the share after the company's bond).
      const before = result.instruments[kept.at]!;
      ids.delete(`${before.segment}:${before.securityId}`);
      result.instruments[kept.at] = row;
      kept.rank = rank;
      result.skipped++;
      continue;
    }
    bySymbol.set(`${row.exchange}:${row.symbol}`, { at: result.instruments.length, rank });
    result.instruments.push(row);
  }
  return result;
}
