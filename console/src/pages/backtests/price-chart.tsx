// The traded symbol as candlesticks with volume underneath and the backtest's entries and exits
// marked (green where it bought, red where it sold). One uPlot: open/high/low/close are series
// (so the legend reads them and the y scale fits the wicks) drawn as candles by a draw hook;
// volume has its own scale, its bars kept to the bottom fifth.
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { AXIS, istDate, PALETTE, UplotChart } from '../../charts/uplot-chart';
import { formatNumber } from '../../ui/cell-text';
import { tradeMarkers, type TradeMark } from './series-align';

export interface Ohlcv {
  /** Epoch milliseconds, ascending. */
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

interface PriceChartProps {
  symbol: string;
  bars: Ohlcv;
  trades: TradeMark[];
}

const UP = '#1a7f37';
const DOWN = '#cf222e';
const price = (_u: uPlot, v: number | null) => (v == null ? '—' : formatNumber(v));

const hidden = (label: string): uPlot.Series => ({
  label,
  stroke: 'transparent',
  paths: () => null,
  points: { show: false },
  value: price,
});

const marker = (label: string, color: string): uPlot.Series => ({
  label,
  stroke: color,
  paths: () => null,
  points: { show: true, size: 9, width: 2, stroke: color, fill: color },
  value: price,
});

/** Candles for the bars in view, drawn under the markers (the series draw after this hook). */
export function drawCandles(u: uPlot): void {
  const [t, o, h, l, c] = u.data as number[][];
  if (!t || t.length === 0) return;
  const [first, last] = u.series[0]!.idxs ?? [0, t.length - 1];
  const count = Math.max(1, last - first + 1);
  const body = Math.max(1, Math.min(12 * uPlot.pxRatio, (u.bbox.width / count) * 0.7));
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  for (let i = first; i <= last; i++) {
    const x = Math.round(u.valToPos(t[i]!, 'x', true));
    const yo = u.valToPos(o![i]!, 'y', true);
    const yc = u.valToPos(c![i]!, 'y', true);
    const color = c![i]! >= o![i]! ? UP : DOWN;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = Math.max(1, uPlot.pxRatio);
    ctx.beginPath();
    ctx.moveTo(x, u.valToPos(h![i]!, 'y', true));
    ctx.lineTo(x, u.valToPos(l![i]!, 'y', true));
    ctx.stroke();
    ctx.fillRect(x - body / 2, Math.min(yo, yc), body, Math.max(1, Math.abs(yc - yo)));
  }
  ctx.restore();
}

const bars = uPlot.paths.bars!({ size: [0.7, 12] });

const options: Omit<uPlot.Options, 'width' | 'height'> = {
  tzDate: istDate,
  scales: {
    x: { time: true },
    // Volume bars stay in the bottom fifth of the plot.
    vol: { range: (_u, _min, max) => [0, Math.max(1, max) * 5] },
  },
  axes: [AXIS, { ...AXIS, size: 60 }],
  series: [
    {},
    hidden('Open'),
    hidden('High'),
    hidden('Low'),
    {
      label: 'Close',
      stroke: PALETTE[0],
      width: 0,
      paths: () => null,
      points: { show: false },
      value: price,
    },
    {
      label: 'Volume',
      scale: 'vol',
      stroke: 'rgba(128,128,128,0.5)',
      fill: 'rgba(128,128,128,0.3)',
      paths: bars,
      points: { show: false },
      value: (_u, v) => (v == null ? '—' : formatNumber(v)),
    },
    marker('Buy', '#3fb950'),
    marker('Sell', '#f85149'),
  ],
  // After the grid and axes, before the series: candles sit under the trade markers.
  hooks: { drawAxes: [drawCandles] },
};

export function PriceChart({ symbol, bars: b, trades }: PriceChartProps) {
  const data = useMemo<uPlot.AlignedData>(() => {
    const { buys, sells } = tradeMarkers(b.time, trades);
    return [b.time.map((t) => t / 1000), b.open, b.high, b.low, b.close, b.volume, buys, sells];
  }, [b, trades]);
  return (
    <section class="panel" aria-labelledby="price-title" data-testid="price-chart">
      <h2 id="price-title">{symbol}: price and trades</h2>
      <UplotChart
        options={options}
        data={data}
        height={300}
        label={`${symbol} candlesticks with volume and ${trades.length} trades marked`}
      />
    </section>
  );
}
