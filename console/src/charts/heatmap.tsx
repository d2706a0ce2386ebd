// A two-parameter sweep as a heatmap. It is a table of coloured cells rather than a canvas: a
// grid of at most a few hundred cells renders instantly, reads out in a screen reader, and each
// cell is a button that opens its backtest from the keyboard.
//
// The scale diverges around a centre that means "break-even" for the statistic (0 for returns
// and ratios, 1 for a profit factor, 50 % for a win rate): above it green, below it red, deeper
// with distance — so green is never a loss, whatever the spread of the sweep. A statistic where
// less is better (max drawdown) uses red alone. A legend under the grid says what colours mean.

export interface HeatScale {
  /** The value that is neither good nor bad. */
  center: number;
  /** Every value is bad, more of it worse (drawdown): shades of red only. */
  lowerIsBetter?: boolean;
}

export interface HeatmapProps {
  xName: string;
  yName: string;
  xs: (string | number)[];
  ys: (string | number)[];
  /** cells[yIndex][xIndex]: the ranked statistic, or null when that run has no result. */
  cells: (number | null)[][];
  metric: string;
  format: (value: number) => string;
  scale?: HeatScale;
  onSelect?: (xIndex: number, yIndex: number) => void;
}

/** Break-even of each rankable statistic. */
export function scaleFor(metric: string): HeatScale {
  if (metric === 'maxDrawdown') return { center: 0, lowerIsBetter: true };
  if (metric === 'profitFactor') return { center: 1 };
  if (metric === 'winRate') return { center: 0.5 };
  return { center: 0 };
}

export interface HeatColour {
  background: string;
  /** Text colour with enough contrast on that background. */
  color: string;
}

/**
 * A cell's colour: green above the centre, red below, lightness from 88 % (at the centre) to
 * 32 % (at the furthest value shown on that side).
 */
export function heatColor(
  value: number,
  min: number,
  max: number,
  scale: HeatScale = { center: 0 },
): HeatColour {
  let hue: number;
  let depth: number;
  if (scale.lowerIsBetter) {
    hue = 0;
    depth = max > scale.center ? (value - scale.center) / (max - scale.center) : 0;
  } else if (value >= scale.center) {
    hue = 130;
    depth = max > scale.center ? (value - scale.center) / (max - scale.center) : 0;
  } else {
    hue = 0;
    depth = min < scale.center ? (scale.center - value) / (scale.center - min) : 0;
  }
  const d = Math.min(1, Math.max(0, depth));
  const lightness = Math.round(88 - 56 * d);
  // Exactly break-even is neither colour.
  const saturation = d === 0 ? 0 : 60;
  return { background: `hsl(${hue} ${saturation}% ${lightness}%)`, color: lightness > 58 ? '#111' : '#fff' };
}

function Legend({
  min,
  max,
  scale,
  format,
}: {
  min: number;
  max: number;
  scale: HeatScale;
  format: (v: number) => string;
}) {
  const low = scale.lowerIsBetter ? scale.center : Math.min(min, scale.center);
  const high = Math.max(max, scale.center);
  const stops = [low, (low + scale.center) / 2, scale.center, (scale.center + high) / 2, high];
  const gradient = stops.map((v) => heatColor(v, low, high, scale).background).join(', ');
  return (
    <figure class="heat-legend">
      <div class="heat-bar" style={{ background: `linear-gradient(to right, ${gradient})` }} />
      <figcaption class="row">
        <span>{format(low)}</span>
        <span class="spacer" />
        {!scale.lowerIsBetter && <span>{format(scale.center)} (break-even)</span>}
        <span class="spacer" />
        <span>{format(high)}</span>
      </figcaption>
      <p class="hint">
        {scale.lowerIsBetter
          ? 'Deeper red: more drawdown.'
          : 'Green: better than break-even; red: worse. Deeper: further from break-even.'}{' '}
        Grey cells: no result.
      </p>
    </figure>
  );
}

export function Heatmap({ xName, yName, xs, ys, cells, metric, format, scale, onSelect }: HeatmapProps) {
  const values = cells.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const min = Math.min(...values);
  const max = Math.max(...values);
  const s = scale ?? scaleFor(metric);
  return (
    <div class="table-wrap">
      <table class="heatmap" aria-label={`${metric} by ${yName} (rows) and ${xName} (columns)`}>
        <thead>
          <tr>
            <th scope="col">
              {yName} ↓ / {xName} →
            </th>
            {xs.map((x) => (
              <th key={String(x)} scope="col" class="num">
                {x}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ys.map((y, yi) => (
            <tr key={String(y)}>
              <th scope="row" class="num">
                {y}
              </th>
              {xs.map((x, xi) => {
                const v = cells[yi]?.[xi] ?? null;
                const text = v === null ? '—' : format(v);
                const title = `${xName} ${x}, ${yName} ${y}: ${metric} ${text}`;
                const colour = v === null || !Number.isFinite(v) ? undefined : heatColor(v, min, max, s);
                return (
                  <td
                    key={String(x)}
                    class="num heat-cell"
                    style={colour ? { background: colour.background, color: colour.color } : undefined}
                  >
                    {onSelect && v !== null ? (
                      <button
                        type="button"
                        class="link"
                        style={colour ? { color: colour.color } : undefined}
                        title={title}
                        aria-label={title}
                        onClick={() => onSelect(xi, yi)}
                      >
                        {text}
                      </button>
                    ) : (
                      <span title={title}>{text}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {values.length > 0 && <Legend min={min} max={max} scale={s} format={format} />}
    </div>
  );
}
