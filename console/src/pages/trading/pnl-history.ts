// The intraday P&L curve of each deployment, kept from the trading.pnl stream while the page is
// open (the daemon stores no P&L history: marks are not booked). Each summary the stream sends
// adds one point per deployment; a new IST day starts a new curve, and each curve keeps its
// latest points only, so a tab left open all week stays small.
export interface PnlCurve {
  day: string;
  times: number[];
  dayPnl: number[];
  netPnl: number[];
}

export type PnlHistory = ReadonlyMap<number, PnlCurve>;

export const MAX_POINTS = 5000;

const istDay = (ms: number) => new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 10);

export function appendPnl(
  history: PnlHistory,
  summary: { at: string; deployments: { deploymentId: number; dayPnl: string; netPnl: string }[] },
): PnlHistory {
  const at = Date.parse(summary.at);
  if (!Number.isFinite(at)) return history;
  const day = istDay(at);
  const next = new Map(history);
  for (const d of summary.deployments) {
    const old = history.get(d.deploymentId);
    const curve = old && old.day === day ? old : { day, times: [], dayPnl: [], netPnl: [] };
    const keep = curve.times.length >= MAX_POINTS ? 1 : 0;
    next.set(d.deploymentId, {
      day,
      times: [...curve.times.slice(keep), at],
      dayPnl: [...curve.dayPnl.slice(keep), Number(d.dayPnl)],
      netPnl: [...curve.netPnl.slice(keep), Number(d.netPnl)],
    });
  }
  return next;
}
