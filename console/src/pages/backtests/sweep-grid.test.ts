import { describe, expect, it } from 'vitest';
import { sweepGrid, type SweepChild } from './sweep-grid';

const child = (id: number, fast: number, slow: number, value: unknown, status = 'succeeded'): SweepChild => ({
  backtestId: id,
  status,
  plan: { role: 'grid', point: id, values: { fast, slow } },
  value,
});

describe('sweepGrid', () => {
  it('puts the first parameter across and the second down, sorted numerically', () => {
    const grid = sweepGrid([
      child(1, 10, 50, 1.2),
      child(2, 5, 50, 0.4),
      child(3, 10, 100, -0.1),
      child(4, 5, 100, null, 'failed'),
    ]);
    expect(grid).toEqual({
      xName: 'fast',
      yName: 'slow',
      xs: [5, 10],
      ys: [50, 100],
      cells: [
        [0.4, 1.2],
        [null, -0.1],
      ],
      ids: [
        [2, 1],
        [4, 3],
      ],
    });
  });

  it('leaves holes for combinations the template skipped', () => {
    const grid = sweepGrid([child(1, 5, 50, 1), child(2, 10, 100, 2)])!;
    expect(grid.cells).toEqual([
      [1, null],
      [null, 2],
    ]);
  });

  it('only maps sweeps over exactly two parameters', () => {
    expect(
      sweepGrid([{ backtestId: 1, status: 'succeeded', plan: { values: { fast: 1 } }, value: 1 }]),
    ).toBeUndefined();
  });
});
