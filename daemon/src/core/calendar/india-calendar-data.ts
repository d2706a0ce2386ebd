// The NSE and BSE calendars as data: india-exchange-calendar.json holds, year by year, the weekday
// closures and special sessions with where each year's dates come from (circulars, libraries,
// pages). This file only gives the JSON its types and splits it by exchange; the dates live in
// the JSON, never here.
import raw from './india-exchange-calendar.json';

export type Exchange = 'NSE' | 'BSE';
export const EXCHANGES: readonly Exchange[] = ['NSE', 'BSE'];

export interface HolidayEntry {
  /** IST date, YYYY-MM-DD. */
  date: string;
  name: string;
  /** Only these exchanges close; both when absent. */
  exchanges?: readonly Exchange[];
}

export type SpecialSessionKind = 'full' | 'muhurat' | 'special';

export interface SpecialSessionEntry {
  date: string;
  name: string;
  /** IST wall-clock open and close, HH:MM. */
  open: string;
  close: string;
  /**
   * `full`: a normal 09:15–15:30 session on a weekend; `muhurat`: the Diwali hour; `special`:
   * irregular hours (disaster-recovery Saturdays, a day extended after an outage).
   */
  kind: SpecialSessionKind;
  /** A break inside the session, IST HH:MM [from, to): no trading between. */
  pause?: readonly [string, string];
  /** Timings not confirmed (not yet notified, or not found in public sources); the times are a placeholder. */
  provisional?: boolean;
  exchanges?: readonly Exchange[];
  sources?: readonly string[];
  note?: string;
}

export interface CalendarYearSources {
  year: number;
  circulars: readonly string[];
  /** Source ids (keys of `sources` in the JSON) and page names the year was checked against. */
  sources: readonly string[];
  /** Where the sources agree and where they do not, and what was decided. */
  agreement: string;
}

export interface CalendarData {
  name: Exchange;
  /** Years whose closures are listed; other years are unknown. */
  firstYear: number;
  lastYear: number;
  /** Regular session, IST HH:MM. */
  open: string;
  close: string;
  holidays: readonly HolidayEntry[];
  specialSessions: readonly SpecialSessionEntry[];
}

interface RawYear extends CalendarYearSources {
  holidays: HolidayEntry[];
  sessions: SpecialSessionEntry[];
}

const KINDS: readonly string[] = ['full', 'muhurat', 'special'];

/** The JSON, typed; a row that does not fit the types is a broken data file (caught by its test). */
function years(): RawYear[] {
  const list = raw.years as unknown as RawYear[];
  for (const year of list) {
    for (const s of year.sessions) {
      if (!KINDS.includes(s.kind)) throw new Error(`calendar data: ${s.date} has unknown kind ${s.kind}`);
    }
  }
  return list;
}

const ALL_YEARS = years();

function appliesTo(exchange: Exchange, entry: { exchanges?: readonly Exchange[] }): boolean {
  return !entry.exchanges || entry.exchanges.includes(exchange);
}

export function indiaCalendarData(exchange: Exchange): CalendarData {
  return {
    name: exchange,
    firstYear: raw.firstYear,
    lastYear: raw.lastYear,
    open: raw.regularSession.open,
    close: raw.regularSession.close,
    holidays: ALL_YEARS.flatMap((y) => y.holidays.filter((h) => appliesTo(exchange, h))),
    specialSessions: ALL_YEARS.flatMap((y) => y.sessions.filter((s) => appliesTo(exchange, s))),
  };
}

/** Where each year's dates come from, for docs and the data's own test. */
export const CALENDAR_YEAR_SOURCES: readonly CalendarYearSources[] = ALL_YEARS.map(
  ({ year, circulars, sources, agreement }) => ({ year, circulars, sources, agreement }),
);

/** Source ids named in the data, with what each one is. */
export const CALENDAR_SOURCES: Readonly<Record<string, string>> = raw.sources;
