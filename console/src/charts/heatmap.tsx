// A two-parameter sweep as a heatmap. It is a table of coloured cells rather than a canvas: a
// grid of at most a few hundred cells renders instantly, reads out in a screen reader, and each
// cell is a button that opens its backtest from the keyboard.

export interface HeatmapProps {
  xName: string;
  yName: string;
  xs: (string | number)[];
  ys: (string | number)[];
  /** cells[yIndex][xIndex]: the ranked statistic, or null when that run has no result. */
  cells: (number | null)[][];
  metric: string;
  format: (value: number) => string;
  onSelect?: (xIndex: number, yIndex: number) => void;
}

/** Red (worst) → amber → green (best), on the range of the values shown. */
export function heatColor(value: number, min: number, max: number): string {
  const t = max > min ? (value - min) / (max - min) : 0.5;
  const hue = Math.round(t * 120);
  return `hsl(${hue} 65% 42%)`;
}

export function Heatmap({ xName, yName, xs, ys, cells, metric, format, onSelect }: HeatmapProps) {
  const values = cells.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const min = Math.min(...values);
  const max = Math.max(...values);
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
                return (
                  <td
                    key={String(x)}
                    class="num heat-cell"
                    style={v === null ? undefined : { background: heatColor(v, min, max) }}
                  >
                    {onSelect && v !== null ? (
                      <button
                        type="button"
                        class="link"
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
    </div>
  );
}
