// A deployment's P&L today as it moved while the page was open (pnl-history.ts): P&L today and
// net P&L against IST time, rupee axis in lakh and crore.
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { AXIS, istDate, PALETTE, UplotChart } from '../../charts/uplot-chart';
import { formatRupeesCompact } from '../../ui/cell-text';
import type { PnlCurve } from './pnl-history';

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

export function PnlChart({ curve }: { curve: PnlCurve | undefined }) {
  const data = useMemo<uPlot.AlignedData>(
    () => (curve ? [curve.times.map((t) => t / 1000), curve.dayPnl, curve.netPnl] : [[], [], []]),
    [curve],
  );
  return (
    <>
      <h3>P&amp;L today</h3>
      <p class="muted" data-testid="pnl-points">
        {curve && curve.times.length > 0
          ? `${curve.times.length} point(s) since this page opened (IST ${curve.day})`
          : 'Waiting for the live P&L stream…'}
      </p>
      <UplotChart
        options={OPTIONS}
        data={data}
        height={200}
        label="P&L today and net P&L of this deployment since the page opened"
      />
    </>
  );
}
