// A deployment's P&L today against IST time: the day's stored marks from the session's start
// (trading.pnlMarks), what is stored since appended whenever a trading event or a new live
// summary arrives, and the live figures as the last point (pnl-history.ts). Rupee axis in lakh
// and crore; the last point is also written out, for screen readers and for tests.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { api } from '../../api/client';
import { AXIS, istDate, PALETTE, UplotChart } from '../../charts/uplot-chart';
import { formatIstSeconds, formatRupees, formatRupeesCompact } from '../../ui/cell-text';
import { EMPTY_CURVE, mergeMarks, withLive, type LiveFigures, type PnlCurve } from './pnl-history';

const rupees = (_u: uPlot, v: number | null) => (v == null ? '—' : formatRupeesCompact(v));

const OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  tzDate: istDate,
  legend: { live: true },
  axes: [AXIS, { ...AXIS, size: 80, values: (_u, vals) => vals.map((v) => formatRupeesCompact(v)) }],
  series: [
    {},
    { label: 'P&L today', stroke: PALETTE[0], width: 2, value: rupees },
    { label: 'Net P&L', stroke: PALETTE[1], width: 1, value: rupees },
  ],
};

/** The stored curve of a deployment, topped up after each `changed` or new live figure. */
function useStoredCurve(deploymentId: number, changed: unknown): PnlCurve {
  const [curve, setCurve] = useState<PnlCurve>(EMPTY_CURVE);
  const latest = useRef(curve);
  const busy = useRef(false);
  const again = useRef(false);
  useEffect(() => {
    let gone = false;
    const load = async () => {
      if (busy.current) return void (again.current = true);
      busy.current = true;
      try {
        do {
          again.current = false;
          const last = latest.current.times.at(-1);
          const stored = await api.trading.pnlMarks.query({
            deploymentId,
            ...(last === undefined ? {} : { after: new Date(last).toISOString() }),
          });
          if (gone) return;
          latest.current = mergeMarks(latest.current, stored);
          setCurve(latest.current);
        } while (again.current && !gone);
      } catch {
        // The next event or summary tries again; the page shows the API's errors elsewhere.
      } finally {
        busy.current = false;
      }
    };
    void load();
    return () => {
      gone = true;
    };
  }, [deploymentId, changed]);
  return curve;
}

export function PnlChart({
  deploymentId,
  changed,
  live,
}: {
  deploymentId: number;
  changed: number;
  live: LiveFigures | undefined;
}) {
  const stored = useStoredCurve(deploymentId, `${changed} ${live?.markedAt ?? ''}`);
  const curve = useMemo(() => withLive(stored, live), [stored, live]);
  const data = useMemo<uPlot.AlignedData>(
    () => [curve.times.map((t) => t / 1000), curve.dayPnl, curve.netPnl],
    [curve],
  );
  const n = curve.times.length;
  return (
    <>
      <h3>P&amp;L today</h3>
      <p class="muted" data-testid="pnl-points">
        {n > 0
          ? `${n} point(s) from ${formatIstSeconds(curve.times[0]!)} (IST ${curve.day}); last at ${formatIstSeconds(curve.times[n - 1]!)}: P&L today ${formatRupees(curve.dayPnl[n - 1]!)}, net ${formatRupees(curve.netPnl[n - 1]!)}`
          : 'No P&L marks yet: the runner stores one at each bar once the deployment runs.'}
      </p>
      <UplotChart
        options={OPTIONS}
        data={data}
        height={200}
        label="P&L today and net P&L of this deployment"
      />
    </>
  );
}
