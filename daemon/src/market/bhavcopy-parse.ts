// NSE's end-of-day files ("bhavcopies"): one row per security traded that day, every symbol in
// one file. Two layouts, told apart by their header:
// - UDiFF (from 8 Jul 2024, BhavCopy_NSE_CM_0_0_0_YYYYMMDD_F_0000.csv): TradDt (YYYY-MM-DD),
//   Src, TckrSymb, SctySrs, FinInstrmNm, OpnPric, HghPric, LwPric, ClsPric, TtlTradgVol, …
// - the older CM bhavcopy (cmDDMMMYYYYbhav.csv): SYMBOL, SERIES, OPEN, HIGH, LOW, CLOSE, …,
//   TOTTRDQTY, TOTTRDVAL, TIMESTAMP (DD-MMM-YYYY), TOTALTRADES, ISIN (and a trailing comma).
// Columns are found by name, so added or reordered columns do not matter. Pure: text in, rows out.
import { daysFromCivil, daysInMonth, formatDays } from '../core/calendar/civil-date';
import type { CsvRowError } from './csv-bars';
import { splitCsvLine } from './csv-line';

/**
 * Share series kept unless the caller says otherwise: EQ (rolling settlement), BE and BZ
 * (trade-for-trade; a share moves between EQ and BE under surveillance, so both are its history)
 * and the SME series SM, ST, SZ — the series the instrument master treats as shares. Bonds (N*,
 * Y*), government securities (GS, TB, SG), InvITs and REITs (IV, RR) and the rest are left out.
 */
export const DEFAULT_BHAVCOPY_SERIES: readonly string[] = ['EQ', 'BE', 'BZ', 'SM', 'ST', 'SZ'];

export type BhavcopyLayout = 'udiff' | 'cm';

export interface BhavcopyRow {
  symbol: string;
  series: string;
  name?: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** 1-based line in the file. */
  line: number;
}

export interface ParsedBhavcopy {
  layout: BhavcopyLayout;
  /** IST day number of the trading date all rows carry. */
  day: number;
  /** Rows of the kept series, good ones only. */
  rows: BhavcopyRow[];
  errors: CsvRowError[];
  /** Rows of other series, counted by series. */
  filtered: Record<string, number>;
}

const COLUMNS: Record<BhavcopyLayout, Record<string, string>> = {
  udiff: {
    date: 'TradDt',
    source: 'Src',
    symbol: 'TckrSymb',
    series: 'SctySrs',
    name: 'FinInstrmNm',
    open: 'OpnPric',
    high: 'HghPric',
    low: 'LwPric',
    close: 'ClsPric',
    volume: 'TtlTradgVol',
  },
  cm: {
    date: 'TIMESTAMP',
    symbol: 'SYMBOL',
    series: 'SERIES',
    open: 'OPEN',
    high: 'HIGH',
    low: 'LOW',
    close: 'CLOSE',
    volume: 'TOTTRDQTY',
  },
};

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `2024-07-08` (UDiFF) or `05-JUL-2024` (CM) → IST day number, NaN when neither. */
function parseDay(text: string): number {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const cm = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : cm
      ? [Number(cm[3]), MONTHS.indexOf(cm[2]!.toUpperCase()) + 1, Number(cm[1])]
      : [0, 0, 0];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

function findLayout(header: string[]): { layout: BhavcopyLayout; index: Record<string, number> } | undefined {
  for (const layout of ['udiff', 'cm'] as const) {
    const index: Record<string, number> = {};
    const wanted = COLUMNS[layout];
    for (const [field, name] of Object.entries(wanted)) index[field] = header.indexOf(name);
    const required = Object.keys(wanted).filter((f) => f !== 'name' && f !== 'source');
    if (required.every((f) => index[f]! >= 0)) return { layout, index };
  }
  return undefined;
}

function rowProblem(
  r: Omit<BhavcopyRow, 'line'>,
  raw: string[],
  index: Record<string, number>,
): string | undefined {
  const what = `${r.symbol} ${r.series}`;
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    if (!(r[field] > 0))
      return `${what}: ${field} ${JSON.stringify(raw[index[field]!])} is not a price above 0`;
  }
  if (!(r.volume >= 0)) return `${what}: volume ${JSON.stringify(raw[index.volume!])} is not a number >= 0`;
  const { open, high, low, close } = r;
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    const parts = [
      ...(['open', 'close', 'low'] as const)
        .filter((f) => r[f] > high)
        .map((f) => `high ${high} is below ${f} ${r[f]}`),
      ...(['open', 'close'] as const)
        .filter((f) => r[f] < low)
        .map((f) => `low ${low} is above ${f} ${r[f]}`),
    ];
    return `${what}: OHLC inconsistent: ${parts.join(', ')}`;
  }
  return undefined;
}

/** Parses one bhavcopy; a file that is not one (or mixes dates, or is not NSE's) is a `problem`. */
export function parseBhavcopy(text: string, keep: ReadonlySet<string>): ParsedBhavcopy | { problem: string } {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0]!.replace(/^\uFEFF/, '')).map((h) => h.trim());
  const found = findLayout(header);
  if (!found) {
    return {
      problem:
        `not an NSE bhavcopy: expected the UDiFF header (TradDt,…,TckrSymb,SctySrs,…,OpnPric,HghPric,LwPric,ClsPric,…,TtlTradgVol) ` +
        `or the CM one (SYMBOL,SERIES,OPEN,HIGH,LOW,CLOSE,…,TOTTRDQTY,…,TIMESTAMP); the header is ${JSON.stringify(lines[0]!.slice(0, 120))}`,
    };
  }
  const { layout, index } = found;
  const parsed: ParsedBhavcopy = { layout, day: NaN, rows: [], errors: [], filtered: {} };
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const raw = splitCsvLine(lines[i]!).map((f) => f.trim());
    const line = i + 1;
    const day = parseDay(raw[index.date!] ?? '');
    if (day !== day) {
      parsed.errors.push({
        line,
        reason: `${header[index.date!]}: got ${JSON.stringify(raw[index.date!] ?? '')}, expected a date`,
      });
      continue;
    }
    if (parsed.day !== parsed.day) parsed.day = day;
    else if (day !== parsed.day)
      return {
        problem: `line ${line}: rows for ${formatDays(day)} in a file for ${formatDays(parsed.day)} (a bhavcopy holds one day)`,
      };
    if (index.source! >= 0 && raw[index.source!] !== 'NSE')
      return {
        problem: `line ${line}: Src ${JSON.stringify(raw[index.source!])}; only NSE bhavcopies are read`,
      };
    const series = raw[index.series!] ?? '';
    if (!keep.has(series)) {
      parsed.filtered[series] = (parsed.filtered[series] ?? 0) + 1;
      continue;
    }
    const row = {
      symbol: (raw[index.symbol!] ?? '').toUpperCase(),
      series,
      ...(index.name! >= 0 && raw[index.name!] ? { name: raw[index.name!] } : {}),
      open: Number(raw[index.open!] || NaN),
      high: Number(raw[index.high!] || NaN),
      low: Number(raw[index.low!] || NaN),
      close: Number(raw[index.close!] || NaN),
      volume: Number(raw[index.volume!] || NaN),
    };
    const problem = row.symbol === '' ? `${header[index.symbol!]}: empty` : rowProblem(row, raw, index);
    if (problem) parsed.errors.push({ line, reason: problem });
    else parsed.rows.push({ ...row, line });
  }
  if (parsed.day !== parsed.day && parsed.errors.length === 0)
    return { problem: 'no data rows after the header' };
  return parsed;
}
