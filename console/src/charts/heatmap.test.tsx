// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Heatmap, heatColor, scaleFor } from './heatmap';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

describe('Heatmap', () => {
  it('draws one cell per parameter pair, coloured around break-even, with a legend, and opens a cell', () => {
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
        metric="sharpe"
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
    const best = host.querySelector<HTMLButtonElement>('button[aria-label="fast 10, slow 40: sharpe 0.3"]')!;
    expect(best.parentElement!.getAttribute('style')).toContain('hsl(130 60% 32%)');
    const worst = host.querySelector<HTMLButtonElement>(
      'button[aria-label="fast 10, slow 20: sharpe -0.2"]',
    )!;
    expect(worst.parentElement!.getAttribute('style')).toContain('hsl(0 60% 32%)');
    best.click();
    expect(picked).toEqual([[1, 1]]);
    expect(host.querySelectorAll('button')).toHaveLength(3);
    expect(host.querySelector('figcaption')!.textContent).toBe('-0.20.0 (break-even)0.3');
  });

  it('never colours a loss green, even when every run lost', () => {
    // All negative: the least bad is pale red, not green.
    expect(heatColor(-0.01, -0.5, -0.01).background).toMatch(/^hsl\(0 /);
    // All positive: the smallest gain is pale green, not red.
    expect(heatColor(0.01, 0.01, 0.5).background).toMatch(/^hsl\(130 /);
    expect(heatColor(0, -1, 1).background).toBe('hsl(130 0% 88%)');
  });

  it('centres each statistic on its break-even and keeps text readable', () => {
    expect(scaleFor('profitFactor').center).toBe(1);
    expect(heatColor(0.9, 0.5, 2, scaleFor('profitFactor')).background).toMatch(/^hsl\(0 /);
    expect(heatColor(0.3, 0.1, 0.3, scaleFor('maxDrawdown'))).toEqual({
      background: 'hsl(0 60% 32%)',
      color: '#fff',
    });
    expect(heatColor(0.01, 0, 1).color).toBe('#111');
  });
});
