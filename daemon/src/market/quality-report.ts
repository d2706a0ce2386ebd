// Data-quality report for one series: what a user should know before trusting a backtest on it.
// Pure: a series and a calendar in, counts and the first few examples of each problem out.
import type { BarSeries } from '../core/bar';
import { formatDays, formatIstDateTime, istDayNumber } from '../core/calendar/civil-date';
import { barTimeChecker } from '../core/calendar/bar-time-check';
import { nseCalendar, type TradingCalendar } from '../core/calendar/trading-calendar';
import { parseTimeframe } from '../core/timeframe';

export interface QualityFinding {
  count: number;
  /** The first few occurrences, readable (IST times, values). */
  examples: string[];
}

export interface QualityReport {
  symbol: string;
  timeframe: string;
  bars: number;
  first?: string;
  last?: string;
  /** Sessions of the calendar between the first and last bar with no bar at all. */
  missingSessions: QualityFinding;
  /** Bars on days the calendar says were closed (weekends, holidays). */
  barsOnClosedDays: QualityFinding;
  /**
   * Bars whose time cannot start a bar of the series' timeframe: off its grid from the session
   * open, outside the session's hours, or a second daily bar on one day (bar-time-check.ts).
   */
  offTimeframe: QualityFinding;
  duplicateTimestamps: QualityFinding;
  outOfOrder: QualityFinding;
  ohlcInconsistent: QualityFinding;
  nonPositivePrices: QualityFinding;
  /** Runs of at least `zeroVolumeRun` consecutive bars without volume. */
  zeroVolumeRuns: QualityFinding;
  /** Close-to-close moves far outside the series' usual moves. */
  outlierJumps: QualityFinding;
  /** Days with bars outside the years the calendar lists: not judged open or closed. */
  uncoveredDays: number;
}

export interface QualityOptions {
  calendar?: TradingCalendar;
  maxExamples?: number;
  /** Zero-volume runs shorter than this are normal (illiquid minutes). Default 3. */
  zeroVolumeRun?: number;
  /** A jump is an outlier beyond this many robust standard deviations (MAD × 1.4826). Default 10. */
  outlierSigmas?: number;
}

function finding(): QualityFinding {
  return { count: 0, examples: [] };
}

export function checkQuality(series: BarSeries, options: QualityOptions = {}): QualityReport {
  const calendar = options.calendar ?? nseCalendar;
  const max = options.maxExamples ?? 5;
  const note = (f: QualityFinding, example: string) => {
    f.count++;
    if (f.examples.length < max) f.examples.push(example);
  };
  const report: QualityReport = {
    symbol: series.symbol,
    timeframe: series.timeframe,
    bars: series.length,
    first: series.length ? formatIstDateTime(series.time[0]!) : undefined,
    last: series.length ? formatIstDateTime(series.time[series.length - 1]!) : undefined,
    missingSessions: finding(),
    barsOnClosedDays: finding(),
    offTimeframe: finding(),
    duplicateTimestamps: finding(),
    outOfOrder: finding(),
    ohlcInconsistent: finding(),
    nonPositivePrices: finding(),
    zeroVolumeRuns: finding(),
    outlierJumps: finding(),
    uncoveredDays: 0,
  };
  checkBars(series, report, note);
  checkSessions(series, calendar, report, note);
  checkTimeframe(series, calendar, report, note);
  checkZeroVolume(series, options.zeroVolumeRun ?? 3, report, note);
  checkJumps(series, options.outlierSigmas ?? 10, report, note);
  return report;
}

type Note = (f: QualityFinding, example: string) => void;

function checkBars(s: BarSeries, report: QualityReport, note: Note): void {
  for (let i = 0; i < s.length; i++) {
    const at = formatIstDateTime(s.time[i]!);
    const [o, h, l, c] = [s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!];
    if (i > 0 && s.time[i] === s.time[i - 1]) note(report.duplicateTimestamps, at);
    else if (i > 0 && s.time[i]! < s.time[i - 1]!)
      note(report.outOfOrder, `${at} after ${formatIstDateTime(s.time[i - 1]!)}`);
    if (!(o > 0 && h > 0 && l > 0 && c > 0))
      note(report.nonPositivePrices, `${at}: o ${o} h ${h} l ${l} c ${c}`);
    else if (h < Math.max(o, c, l) || l > Math.min(o, c))
      note(report.ohlcInconsistent, `${at}: o ${o} h ${h} l ${l} c ${c}`);
  }
}

function checkSessions(s: BarSeries, calendar: TradingCalendar, report: QualityReport, note: Note): void {
  if (s.length === 0) return;
  const days = new Set<number>();
  for (let i = 0; i < s.length; i++) days.add(istDayNumber(s.time[i]!));
  for (const day of days) {
    const status = calendar.status(day);
    if (status === 'unknown') report.uncoveredDays++;
    if (status === 'closed')
      note(report.barsOnClosedDays, `${formatDays(day)}${closedReason(calendar, day)}`);
  }
  const first = istDayNumber(s.time[0]!);
  const last = istDayNumber(s.time[s.length - 1]!);
  // Only known sessions come back: outside the listed years nothing is judged missing.
  for (const session of calendar.sessionsBetween(first, last)) {
    if (!days.has(session.day)) note(report.missingSessions, session.date);
  }
}

function checkTimeframe(s: BarSeries, calendar: TradingCalendar, report: QualityReport, note: Note): void {
  const tf = parseTimeframe(s.timeframe);
  if (!tf) return;
  const checker = barTimeChecker(tf, calendar);
  for (let i = 0; i < s.length; i++) {
    const problem = checker.check(s.time[i]!);
    // Closed days are their own finding; an identical time is a duplicate timestamp.
    if (!problem || problem.kind === 'closed') continue;
    if (problem.kind === 'repeat' && s.time[i] === s.time[i - 1]) continue;
    note(report.offTimeframe, problem.message);
  }
}

function closedReason(calendar: TradingCalendar, day: number): string {
  const holiday = calendar.holidayName(day);
  return holiday ? ` (${holiday})` : ' (weekend)';
}

function checkZeroVolume(s: BarSeries, minRun: number, report: QualityReport, note: Note): void {
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const zero = i < s.length && s.volume[i] === 0;
    if (zero && start < 0) start = i;
    if (!zero && start >= 0) {
      const run = i - start;
      if (run >= minRun) note(report.zeroVolumeRuns, `${run} bars from ${formatIstDateTime(s.time[start]!)}`);
      start = -1;
    }
  }
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[sorted.length >> 1]! : 0;
}

function checkJumps(s: BarSeries, sigmas: number, report: QualityReport, note: Note): void {
  const daily = parseTimeframe(s.timeframe)?.daily ?? false;
  // Intraday, the overnight gap is not a bar-to-bar move: compare bars within one session only.
  const moves: { i: number; r: number }[] = [];
  for (let i = 1; i < s.length; i++) {
    if (!daily && istDayNumber(s.time[i]!) !== istDayNumber(s.time[i - 1]!)) continue;
    const r = Math.log(s.close[i]! / s.close[i - 1]!);
    if (Number.isFinite(r)) moves.push({ i, r });
  }
  if (moves.length < 2) return;
  const center = median(moves.map((m) => m.r));
  const mad = median(moves.map((m) => Math.abs(m.r - center)));
  // A floor keeps a nearly flat series from flagging every tick as an outlier.
  const limit = Math.max(sigmas * 1.4826 * mad, 0.01);
  for (const { i, r } of moves) {
    if (Math.abs(r - center) <= limit) continue;
    const pct = ((Math.exp(r) - 1) * 100).toFixed(1);
    const at = daily ? formatDays(istDayNumber(s.time[i]!)) : formatIstDateTime(s.time[i]!);
    note(report.outlierJumps, `${at}: close ${s.close[i - 1]} → ${s.close[i]} (${pct}%)`);
  }
}
