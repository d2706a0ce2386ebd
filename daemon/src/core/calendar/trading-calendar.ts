// Trading days and sessions from calendar data (india-calendar-data.ts). Pure: dates in, sessions
// out. Days are IST dates, given as `YYYY-MM-DD` or as an IST day number (days since 1970-01-01,
// see civil-date.ts) for hot loops. Outside the years whose closures are listed the answer is
// "unknown", never a guess: a caller that wants weekdays assumed there (synthetic data, resampling
// bars that exist) asks for it with assumingWeekdays().
import { AppError, validationError } from '../errors';
import {
  civilFromDays,
  formatDays,
  istDayNumber,
  istMidnightOfDay,
  parseIsoDate,
  weekdayOfDays,
} from './civil-date';
import { indiaCalendarData, type CalendarData, type Exchange } from './india-calendar-data';

export type SessionKind = 'regular' | 'special' | 'muhurat';
export type DayStatus = 'open' | 'closed' | 'unknown';

export interface TradingSession {
  /** IST date, YYYY-MM-DD. */
  date: string;
  /** IST day number. */
  day: number;
  /** Epoch ms of the open and the close. */
  open: number;
  close: number;
  kind: SessionKind;
  /** Why the session is special (Budget day, Muhurat, disaster-recovery test). */
  name?: string;
  /** Epoch ms [start, end) of a break inside the session. */
  pause?: { start: number; end: number };
  /** Timings not confirmed: the times are a placeholder. */
  provisional?: boolean;
  /** A weekday outside the covered years, assumed open (assumingWeekdays() only). */
  assumed?: boolean;
}

export type DateInput = string | number;

export interface TradingCalendar {
  readonly name: string;
  /** First and last year whose closures are listed. */
  readonly firstYear: number;
  readonly lastYear: number;
  /** Open, closed, or unknown (outside the covered years). */
  status(date: DateInput): DayStatus;
  /** The session held on a date; undefined when closed or unknown (status() tells which). */
  session(date: DateInput): TradingSession | undefined;
  /** True only when the calendar knows the market was open. */
  isTradingDay(date: DateInput): boolean;
  /** Holiday name when the date is a listed holiday (it may still hold a Muhurat session). */
  holidayName(date: DateInput): string | undefined;
  /** Known sessions from `from` to `to`, both inclusive, in order. */
  sessionsBetween(from: DateInput, to: DateInput): TradingSession[];
  /** First session strictly after / before a date; throws when the walk leaves the covered years. */
  nextSession(date: DateInput): TradingSession;
  previousSession(date: DateInput): TradingSession;
  /** The session whose [open, close) contains an instant (outside any pause). */
  sessionAt(epochMs: number): TradingSession | undefined;
  /** True when the date's year has listed closures. */
  covers(date: DateInput): boolean;
  /** The same calendar with every weekday outside the covered years taken as a regular session. */
  assumingWeekdays(): TradingCalendar;
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

type SpecialEntry = CalendarData['specialSessions'][number];

function specialSession(day: number, s: SpecialEntry): TradingSession {
  const midnight = istMidnightOfDay(day);
  const at = (hhmm: string) => midnight + minutesOf(hhmm) * 60_000;
  return {
    date: formatDays(day),
    day,
    open: at(s.open),
    close: at(s.close),
    kind: s.kind === 'muhurat' ? 'muhurat' : 'special',
    name: s.name,
    ...(s.pause ? { pause: { start: at(s.pause[0]), end: at(s.pause[1]) } } : {}),
    ...(s.provisional ? { provisional: true } : {}),
  };
}

export function createTradingCalendar(data: CalendarData, assumeWeekdays = false): TradingCalendar {
  const holidays = new Map(data.holidays.map((h) => [toDay(h.date), h.name]));
  const specials = new Map(data.specialSessions.map((s) => [toDay(s.date), s]));
  const regularOpen = minutesOf(data.open) * 60_000;
  const regularClose = minutesOf(data.close) * 60_000;
  const covered = (day: number) => {
    const { year } = civilFromDays(day);
    return year >= data.firstYear && year <= data.lastYear;
  };

  function status(day: number): DayStatus {
    // Outside the covered years even a weekend is unknown: Budget Saturdays have traded.
    if (!covered(day) && !assumeWeekdays) return 'unknown';
    if (specials.has(day)) return 'open';
    const weekday = weekdayOfDays(day);
    if (weekday === 0 || weekday === 6) return 'closed';
    return holidays.has(day) ? 'closed' : 'open';
  }

  function sessionOnDay(day: number): TradingSession | undefined {
    const special = specials.get(day);
    if (special) return specialSession(day, special);
    if (status(day) !== 'open') return undefined;
    const midnight = istMidnightOfDay(day);
    return {
      date: formatDays(day),
      day,
      open: midnight + regularOpen,
      close: midnight + regularClose,
      kind: 'regular',
      ...(covered(day) ? {} : { assumed: true }),
    };
  }

  function step(date: DateInput, direction: 1 | -1): TradingSession {
    const start = toDay(date);
    for (let day = start + direction, i = 0; i < MAX_CLOSED_RUN; day += direction, i++) {
      if (status(day) === 'unknown') {
        throw new AppError(
          'VALIDATION_FAILED',
          `the ${data.name} calendar covers ${data.firstYear}–${data.lastYear}; the session ` +
            `${direction > 0 ? 'after' : 'before'} ${formatDays(start)} is outside it`,
        );
      }
      const session = sessionOnDay(day);
      if (session) return session;
    }
    throw new AppError(
      'INVARIANT_BROKEN',
      `no ${data.name} session within ${MAX_CLOSED_RUN} days of ${formatDays(start)}`,
    );
  }

  const calendar: TradingCalendar = {
    name: data.name,
    firstYear: data.firstYear,
    lastYear: data.lastYear,
    status: (date) => status(toDay(date)),
    session: (date) => sessionOnDay(toDay(date)),
    isTradingDay: (date) => status(toDay(date)) === 'open',
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
      if (!session || epochMs < session.open || epochMs >= session.close) return undefined;
      if (session.pause && epochMs >= session.pause.start && epochMs < session.pause.end) return undefined;
      return session;
    },
    covers: (date) => covered(toDay(date)),
    assumingWeekdays: () => (assumeWeekdays ? calendar : createTradingCalendar(data, true)),
  };
  return calendar;
}

/** The NSE equity/F&O calendar (immutable data, safe to share). */
export const nseCalendar: TradingCalendar = createTradingCalendar(indiaCalendarData('NSE'));
/** The BSE equity/F&O calendar. */
export const bseCalendar: TradingCalendar = createTradingCalendar(indiaCalendarData('BSE'));

/** The calendar of an exchange code as stored on instruments (`NSE`, `BSE`). */
export function calendarFor(exchange: string): TradingCalendar {
  if (exchange === 'NSE') return nseCalendar;
  if (exchange === 'BSE') return bseCalendar;
  throw validationError([{ path: 'exchange', value: exchange, expected: 'NSE or BSE' }]);
}

export type { Exchange };
