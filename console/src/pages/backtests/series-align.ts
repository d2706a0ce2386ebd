// Puts several equity curves on one time axis for an overlay chart. Each curve becomes a
// percentage return from its own start, so runs with different starting cash compare; a curve
// with no point at a time gets null there (uPlot leaves a gap or, with spanGaps, bridges it).

export interface Curve {
  label: string;
  /** Epoch milliseconds, ascending. */
  times: number[];
  values: number[];
}

export interface AlignedCurves {
  /** Seconds since the epoch: uPlot's time unit. */
  times: number[];
  series: (number | null)[][];
}

export function alignCurves(curves: Curve[]): AlignedCurves {
  const all = new Set<number>();
  for (const c of curves) for (const t of c.times) all.add(t);
  const times = [...all].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const series = curves.map((c) => {
    const out: (number | null)[] = new Array(times.length).fill(null);
    const base = c.values[0];
    c.times.forEach((t, i) => {
      out[index.get(t)!] = base ? (c.values[i]! / base - 1) * 100 : null;
    });
    return out;
  });
  return { times: times.map((t) => t / 1000), series };
}

export interface TradeMark {
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  side: 'long' | 'short';
}

/**
 * Marker series for a price chart: at each bar where a trade was entered or exited, the fill
 * price (null elsewhere). Buys are long entries and short exits; sells the other two.
 */
export function tradeMarkers(
  times: number[],
  trades: TradeMark[],
): { buys: (number | null)[]; sells: (number | null)[] } {
  const buys: (number | null)[] = new Array(times.length).fill(null);
  const sells: (number | null)[] = new Array(times.length).fill(null);
  const nearest = (t: number) => {
    // Times ascend: binary search for the first bar at or after t.
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const trade of trades) {
    const entry = nearest(trade.entryTime);
    const exit = nearest(trade.exitTime);
    (trade.side === 'long' ? buys : sells)[entry] = trade.entryPrice;
    (trade.side === 'long' ? sells : buys)[exit] = trade.exitPrice;
  }
  return { buys, sells };
}
