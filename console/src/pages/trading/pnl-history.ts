// A deployment's intraday P&L curve: the day's stored marks (trading.pnlMarks — one per bar the
// runner stepped, from the session's start) with what is new appended as it is stored, and the
// live figures of trading.pnl as the last point while they are newer than the last stored mark
// (a fill moves P&L between bars). Points are placed at the time they describe (the mark's, on
// the runner's clock), never at the time the page heard of them. A new IST day starts a new curve.
export interface PnlCurve {
  /** IST trading date, or '' before anything is known. */
  day: string;
  times: number[];
  dayPnl: number[];
  netPnl: number[];
}

export interface StoredMarks {
  day: string | null;
  marks: readonly { at: string; dayPnl: string; netPnl: string }[];
}

export interface LiveFigures {
  markedAt: string | null;
  dayPnl: string;
  netPnl: string;
}

export const MAX_POINTS = 5000;

export const EMPTY_CURVE: PnlCurve = { day: '', times: [], dayPnl: [], netPnl: [] };

export const istDay = (ms: number) => new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 10);

/** Appends stored marks (a fetch of those after the curve's last); another day replaces the curve. */
export function mergeMarks(curve: PnlCurve, stored: StoredMarks): PnlCurve {
  if (stored.day === null || stored.marks.length === 0) return curve;
  const base = stored.day === curve.day ? curve : { ...EMPTY_CURVE, day: stored.day };
  const last = base.times.at(-1) ?? -Infinity;
  const fresh = stored.marks
    .map((m) => ({ t: Date.parse(m.at), day: Number(m.dayPnl), net: Number(m.netPnl) }))
    .filter((m) => Number.isFinite(m.t) && m.t > last);
  if (fresh.length === 0) return base;
  const keep = Math.max(0, base.times.length + fresh.length - MAX_POINTS);
  return {
    day: base.day,
    times: [...base.times, ...fresh.map((m) => m.t)].slice(keep),
    dayPnl: [...base.dayPnl, ...fresh.map((m) => m.day)].slice(keep),
    netPnl: [...base.netPnl, ...fresh.map((m) => m.net)].slice(keep),
  };
}

/** The curve with the live figures as its last point, when they are newer than its last mark. */
export function withLive(curve: PnlCurve, live: LiveFigures | undefined): PnlCurve {
  const at = live?.markedAt ? Date.parse(live.markedAt) : NaN;
  if (!live || !Number.isFinite(at)) return curve;
  const day = istDay(at);
  if (curve.day !== '' && day !== curve.day)
    return day > curve.day
      ? { ...EMPTY_CURVE, day, times: [at], dayPnl: [Number(live.dayPnl)], netPnl: [Number(live.netPnl)] }
      : curve;
  if (at <= (curve.times.at(-1) ?? -Infinity)) return curve;
  return {
    day,
    times: [...curve.times, at],
    dayPnl: [...curve.dayPnl, Number(live.dayPnl)],
    netPnl: [...curve.netPnl, Number(live.netPnl)],
  };
}
