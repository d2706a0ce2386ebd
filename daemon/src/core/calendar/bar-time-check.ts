// Can a bar of this timeframe start at this time on this exchange? Imports ask it of every row
// and the quality report of every stored bar, so a file of daily rows cannot become 1-minute
// bars (or the reverse) unnoticed. The rules:
// - intraday (`Nm`, `Nh`): the day is a session; the bar starts on the timeframe's grid counted
//   from that session's open (09:15, or the special session's own open) and overlaps its trading
//   time (before the close, not inside a break). A provisional session's times are placeholders,
//   so only the grid is judged there. On a day the calendar does not know (outside its years)
//   the bar must be on the grid from 09:15 and between 09:15 and 20:00 IST — the regular session
//   or an evening Muhurat hour.
// - daily (`1d`): the day is a session (or unknown), and no other bar of the series is on it.
// Rows arrive in time order (either direction), so the checker keeps only the last day it saw.
import type { Timeframe } from '../timeframe';
import { formatDays, formatIstDateTime, istDayNumber, istMidnightOfDay, weekdayOfDays } from './civil-date';
import type { TradingCalendar, TradingSession } from './trading-calendar';

export interface BarTimeProblem {
  /** closed: not a session; grid: off the timeframe's grid; window: outside the session's hours; repeat: a second daily bar on one day. */
  kind: 'closed' | 'grid' | 'window' | 'repeat';
  message: string;
}

export interface BarTimeChecker {
  /** Why a bar cannot start at `time`, or undefined when it can. */
  check(time: number): BarTimeProblem | undefined;
}

const problem = (kind: BarTimeProblem['kind'], message: string): BarTimeProblem => ({ kind, message });

const MINUTE = 60_000;
const REGULAR_OPEN = (9 * 60 + 15) * MINUTE;
const LATEST_UNKNOWN_CLOSE = 20 * 60 * MINUTE;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function hhmm(epochMs: number): string {
  return formatIstDateTime(epochMs).slice(11, 16);
}

function closedDay(calendar: TradingCalendar, day: number): BarTimeProblem {
  const reason = calendar.holidayName(day) ?? WEEKDAYS[weekdayOfDays(day)];
  // Exchange codes are read letter by letter: an NSE day, a BSE day.
  const article = /^[AEFHILMNORSX]/.test(calendar.name) ? 'an' : 'a';
  return problem('closed', `${formatDays(day)} is not ${article} ${calendar.name} trading day (${reason})`);
}

/** The grid is counted from `open`; a bar is on it when its offset is a whole number of steps. */
function gridProblem(time: number, open: number, tf: Timeframe): BarTimeProblem | undefined {
  const step = tf.seconds * 1000;
  if ((time - open) % step === 0) return undefined;
  const every = tf.seconds % 3600 === 0 ? `${tf.seconds / 3600} hour(s)` : `${tf.seconds / 60} minutes`;
  return problem(
    'grid',
    `${formatIstDateTime(time)} is not on a ${tf.name} boundary ` +
      `(bars start at ${hhmm(open)} IST and every ${every} after)`,
  );
}

function windowProblem(
  time: number,
  session: TradingSession,
  tf: Timeframe,
  calendar: TradingCalendar,
): BarTimeProblem | undefined {
  const { open, close, pause } = session;
  const at = formatIstDateTime(time);
  if (time < open || time >= close) {
    const why = session.name ? ` (${session.name})` : '';
    const daily =
      time === istMidnightOfDay(session.day) ? '; a daily bar? import it with --timeframe 1d' : '';
    return problem(
      'window',
      `${at} is outside ${calendar.name}'s session ${hhmm(open)}–${hhmm(close)} IST${why}${daily}`,
    );
  }
  if (pause && time >= pause.start && time + tf.seconds * 1000 <= pause.end)
    return problem(
      'window',
      `${at} is in the break ${hhmm(pause.start)}–${hhmm(pause.end)} IST of ${calendar.name}'s session`,
    );
  return undefined;
}

function intradayChecker(tf: Timeframe, calendar: TradingCalendar): BarTimeChecker {
  let day = NaN;
  let status = calendar.status(0);
  let session: TradingSession | undefined;
  return {
    check(time) {
      const d = istDayNumber(time);
      if (d !== day) {
        day = d;
        status = calendar.status(d);
        session = calendar.session(d);
      }
      if (status === 'closed') return closedDay(calendar, d);
      if (status === 'unknown') {
        const midnight = istMidnightOfDay(d);
        const grid = gridProblem(time, midnight + REGULAR_OPEN, tf);
        if (grid) return grid;
        const ms = time - midnight;
        if (ms < REGULAR_OPEN || ms >= LATEST_UNKNOWN_CLOSE)
          return problem(
            'window',
            `${formatIstDateTime(time)} is outside the hours ${calendar.name} bars can have (09:15–20:00 IST; ` +
              `the calendar lists ${calendar.firstYear}–${calendar.lastYear} only, so this day's session is not known)`,
          );
        return undefined;
      }
      const open = session!;
      return (
        gridProblem(time, open.open, tf) ??
        (open.provisional ? undefined : windowProblem(time, open, tf, calendar))
      );
    },
  };
}

function dailyChecker(tf: Timeframe, calendar: TradingCalendar): BarTimeChecker {
  let lastDay = NaN;
  return {
    check(time) {
      const d = istDayNumber(time);
      if (d === lastDay)
        return problem(
          'repeat',
          `second bar on ${formatDays(d)}: ${tf.name} bars are one per trading day (is the file intraday?)`,
        );
      lastDay = d;
      return calendar.status(d) === 'closed' ? closedDay(calendar, d) : undefined;
    },
  };
}

export function barTimeChecker(tf: Timeframe, calendar: TradingCalendar): BarTimeChecker {
  return tf.daily ? dailyChecker(tf, calendar) : intradayChecker(tf, calendar);
}
