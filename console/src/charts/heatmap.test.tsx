// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Heatmap, heatColor } from './heatmap';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

describe('Heatmap', () => {
  it('draws one cell per parameter pair, coloured worst to best, and opens a cell', () => {
    const picked: [number, number][] = [];
    render(
      <Heatmap
        xName="fast"
        yName="slow"
        xs={[5, 10]}
        ys={[20, 40]}
        cells={[
          [0.1, -0.2],
          [null, 0.3],
        ]}
        metric="Sharpe"
        format={(v) => v.toFixed(1)}
        onSelect={(x, y) => picked.push([x, y])}
      />,
      host,
    );
    const rows = [...host.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.textContent),
    );
    expect(rows).toEqual([
      ['20', '0.1', '-0.2'],
      ['40', '—', '0.3'],
    ]);
    const best = host.querySelector<HTMLButtonElement>('button[aria-label="fast 10, slow 40: Sharpe 0.3"]')!;
    expect(best.parentElement!.getAttribute('style')).toContain('hsl(120 65% 42%)');
    best.click();
    expect(picked).toEqual([[1, 1]]);
    expect(host.querySelectorAll('button')).toHaveLength(3);
  });

  it('runs from red for the worst to green for the best', () => {
    expect(heatColor(-1, -1, 1)).toBe('hsl(0 65% 42%)');
    expect(heatColor(1, -1, 1)).toBe('hsl(120 65% 42%)');
    expect(heatColor(5, 5, 5)).toBe('hsl(60 65% 42%)');
  });
});
