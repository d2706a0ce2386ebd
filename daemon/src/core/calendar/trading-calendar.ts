// Trading days and sessions from calendar data (nse-calendar-data.ts). Pure: dates in, sessions
// out. Days are IST dates, given as `YYYY-MM-DD` or as an IST day number (days since 1970-01-01,
// see civil-date.ts) for hot loops. Outside the years whose holidays are listed, every weekday
// is assumed open (`covers()` says whether a date's holidays are known).
import { AppError, validationError } from '../errors';
import {
  formatDays,
  istDayNumber,
  istMidnightOfDay,
  parseIsoDate,
  weekdayOfDays,
  civilFromDays,
} from './civil-date';
import { NSE_CALENDAR_DATA, type CalendarData } from './nse-calendar-data';

export type SessionKind = 'regular' | 'special' | 'muhurat';

export interface TradingSession {
  /** IST date, YYYY-MM-DD. */
  date: string;
  /** IST day number. */
  day: number;
  /** Epoch ms of the open and the close. */
  open: number;
  close: number;
  kind: SessionKind;
  /** Why the session is special (Budget day, Muhurat). */
  name?: string;
  provisional?: boolean;
}

export type DateInput = string | number;

export interface TradingCalendar {
  readonly name: string;
  /** The session held on a date, or undefined when the market is closed. */
  session(date: DateInput): TradingSession | undefined;
  isTradingDay(date: DateInput): boolean;
  /** Holiday name when the date is a listed holiday (it may still hold a Muhurat session). */
  holidayName(date: DateInput): string | undefined;
  /** Sessions from `from` to `to`, both inclusive, in order. */
  sessionsBetween(from: DateInput, to: DateInput): TradingSession[];
  /** First session strictly after / before a date. */
  nextSession(date: DateInput): TradingSession;
  previousSession(date: DateInput): TradingSession;
  /** The session whose [open, close) contains an instant. */
  sessionAt(epochMs: number): TradingSession | undefined;
  /** True when the date's year has listed holidays. */
  covers(date: DateInput): boolean;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function toDay(date: DateInput): number {
  if (typeof date === 'number') {
    if (!Number.isInteger(date))
      throw validationError([{ path: 'date', value: date, expected: 'an IST day number' }]);
    return date;
  }
  const day = parseIsoDate(date);
  if (day !== day) throw validationError([{ path: 'date', value: date, expected: 'a date YYYY-MM-DD' }]);
  return day;
}

/** The longest run of closed days we search across (a safety stop, never reached in practice). */
const MAX_CLOSED_RUN = 30;

export function createTradingCalendar(data: CalendarData): TradingCalendar {
  const holidays = new Map(data.holidays.map((h) => [toDay(h.date), h.name]));
  const specials = new Map(data.specialSessions.map((s) => [toDay(s.date), s]));
  const regularOpen = minutesOf(data.open) * 60_000;
  const regularClose = minutesOf(data.close) * 60_000;

  function sessionOnDay(day: number): TradingSession | undefined {
    const special = specials.get(day);
    const midnight = istMidnightOfDay(day);
    if (special) {
      return {
        date: formatDays(day),
        day,
        open: midnight + minutesOf(special.open) * 60_000,
        close: midnight + minutesOf(special.close) * 60_000,
        kind: special.kind === 'muhurat' ? 'muhurat' : 'special',
        name: special.name,
        ...(special.provisional ? { provisional: true } : {}),
      };
    }
    const weekday = weekdayOfDays(day);
    if (weekday === 0 || weekday === 6 || holidays.has(day)) return undefined;
    return {
      date: formatDays(day),
      day,
      open: midnight + regularOpen,
      close: midnight + regularClose,
      kind: 'regular',
    };
  }

  function step(date: DateInput, direction: 1 | -1): TradingSession {
    const start = toDay(date);
    for (let day = start + direction, i = 0; i < MAX_CLOSED_RUN; day += direction, i++) {
      const session = sessionOnDay(day);
      if (session) return session;
    }
    throw new AppError(
      'INVARIANT_BROKEN',
      `no ${data.name} session within ${MAX_CLOSED_RUN} days of ${formatDays(start)}`,
    );
  }

  return {
    name: data.name,
    session: (date) => sessionOnDay(toDay(date)),
    isTradingDay: (date) => sessionOnDay(toDay(date)) !== undefined,
    holidayName: (date) => holidays.get(toDay(date)),
    sessionsBetween(from, to) {
      const out: TradingSession[] = [];
      for (let day = toDay(from), last = toDay(to); day <= last; day++) {
        const session = sessionOnDay(day);
        if (session) out.push(session);
      }
      return out;
    },
    nextSession: (date) => step(date, 1),
    previousSession: (date) => step(date, -1),
    sessionAt(epochMs) {
      const session = sessionOnDay(istDayNumber(epochMs));
      return session && epochMs >= session.open && epochMs < session.close ? session : undefined;
    },
    covers(date) {
      const { year } = civilFromDays(toDay(date));
      return year >= data.firstYear && year <= data.lastYear;
    },
  };
}

/** The NSE equity/F&O calendar (immutable data, safe to share). */
export const nseCalendar: TradingCalendar = createTradingCalendar(NSE_CALENDAR_DATA);
