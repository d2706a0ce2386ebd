// Timeframes are data: a name and a length. Daily bars start at the session open (09:15 IST)
// when they come from an intraday source, or at IST midnight from daily sources; either way a
// `1d` bar is identified by its IST trading date.

export interface Timeframe {
  /** Canonical name: `1m`, `5m`, `15m`, `1h`, `1d`, … */
  name: string;
  /** Length in seconds; `1d` is one trading session (treated as 86,400 for annualisation). */
  seconds: number;
  /** True for session-based bars (1d and longer). */
  daily: boolean;
}

const MINUTE = 60;

/** Parses `Nm`, `Nh` or `1d` (case-insensitive). Returns undefined when the name is not valid. */
export function parseTimeframe(name: string): Timeframe | undefined {
  const match = /^(\d{1,4})([mhd])$/i.exec(name.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  if (n <= 0) return undefined;
  if (unit === 'm') return { name: `${n}m`, seconds: n * MINUTE, daily: false };
  if (unit === 'h') return { name: `${n}h`, seconds: n * 60 * MINUTE, daily: false };
  if (n !== 1) return undefined;
  return { name: '1d', seconds: 86_400, daily: true };
}

/** Bars per year used to annualise statistics (NSE: ~250 sessions of 375 minutes). */
export function barsPerYear(tf: Timeframe): number {
  const SESSIONS_PER_YEAR = 250;
  const SESSION_SECONDS = 375 * MINUTE;
  if (tf.daily) return SESSIONS_PER_YEAR;
  return SESSIONS_PER_YEAR * Math.max(1, Math.floor(SESSION_SECONDS / tf.seconds));
}
