// `--sweep` and `--walk-forward` through the built CLI (worker threads): the ranking agrees with
// single runs of the same parameters, and walk-forward reports every fold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomWalk } from '../fixtures/engine/bars';
import { writeSeriesCsv } from '../fixtures/engine/csv';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

let dir = '';
let file = '';

beforeAll(() => {
  buildCli();
  dir = tempDir();
  file = join(dir, 'WALK.csv');
  writeSeriesCsv(file, randomWalk(600, 11));
}, 120_000);

describe('quanttrade backtest --sweep', () => {
  it('ranks the grid, and each row matches a single run of its parameters', async () => {
    const out = join(dir, 'sweep.json');
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '-s',
      'sma-cross',
      '--sweep',
      'fast=5:15:5',
      '--sweep',
      'slow=20,40',
      '--rank',
      'totalReturn',
      '--workers',
      '2',
      '--json',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6 parameter sets on 2 worker(s), ranked by totalReturn');
    const sweep = JSON.parse(readFileSync(out, 'utf8'));
    expect(sweep.runs).toHaveLength(6);
    const returns = sweep.runs.map((r: { stats: { totalReturn: number } }) => r.stats.totalReturn);
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
    const best = sweep.runs[0];
    const single = join(dir, 'single.json');
    await quanttrade([
      'backtest',
      '--csv',
      file,
      '-s',
      'sma-cross',
      '-p',
      `fast=${best.params.fast}`,
      '-p',
      `slow=${best.params.slow}`,
      '--json',
      single,
      '-q',
    ]);
    const direct = JSON.parse(readFileSync(single, 'utf8'));
    expect(best.stats.finalValue).toBe(direct.finalValue);
    expect(best.stats.trades).toBe(direct.stats.trades);
  });

  it('skips parameter sets the template rejects', async () => {
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '-s',
      'sma-cross',
      '--sweep',
      'fast=10,30',
      '--sweep',
      'slow=20',
      '-q',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('skipped 1 parameter set(s) that sma-cross rejects');
  });
});

describe('quanttrade backtest --walk-forward', () => {
  it('optimises each training window and reports every fold and the stitched out-of-sample run', async () => {
    const out = join(dir, 'wf.json');
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '-s',
      'sma-cross',
      '--sweep',
      'fast=5,10',
      '--sweep',
      'slow=20,30',
      '--walk-forward',
      'train=300,test=100',
      '--json',
      out,
      '-q',
    ]);
    expect(run.code).toBe(0);
    const wf = JSON.parse(readFileSync(out, 'utf8'));
    // folds start every 100 bars while a training window and half a test window fit in 600
    expect(
      wf.folds.map((f: { train: { bars: number }; test: { bars: number } }) => [f.train.bars, f.test.bars]),
    ).toEqual([
      [300, 100],
      [300, 100],
      [300, 100],
    ]);
    for (const fold of wf.folds) {
      expect(fold.outOfSample.bars).toBe(100);
      expect(fold.test.from).toBe(fold.train.to);
      expect(Object.keys(fold.chosen.values).sort()).toEqual(['fast', 'slow']);
    }
    expect(wf.outOfSample.equity).toHaveLength(300);
    expect(run.stdout).toMatch(/out of sample \(300 bars, 3 folds\)/);
  });

  it('needs a grid', async () => {
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '-s',
      'sma-cross',
      '--walk-forward',
      'train=300,test=100',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--walk-forward: needs the grid to optimise, given with --sweep');
  });
});
