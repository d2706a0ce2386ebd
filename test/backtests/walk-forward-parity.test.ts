// One planner for walk-forward runs: the same walk-forward through `quanttrade backtest
// --walk-forward` (worker threads in the CLI) and as a job (backtests.walkForward: child jobs)
// gives identical folds, chosen parameters and stitched out-of-sample results.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, quanttrade, tempDir } from '../cli/backtest-cli';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from './support/backtest-helpers';
import { seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  buildCli();
  t = await startTestDaemon();
  // 605 bars: train 200, test 100 leaves a 5-bar last window, merged into the fold before it.
  bars = await seedDailyBars(t.pool, 'WFPARITY', 605, { seed: 23 });
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

interface Window {
  from: number;
  to: number;
  bars: number;
}
interface Fold {
  fold: number;
  train: Window;
  test: Window;
  chosen: { values: Record<string, number> } | null;
}
type OutOfSample = Record<
  'folds' | 'bars' | 'totalReturn' | 'sharpe' | 'maxDrawdown' | 'benchmarkReturn',
  number
>;

const pick = (o: OutOfSample) => {
  const { folds, bars: n, totalReturn, sharpe, maxDrawdown, benchmarkReturn } = o;
  return { folds, bars: n, totalReturn, sharpe, maxDrawdown, benchmarkReturn };
};
const shape = (f: Fold) => ({ fold: f.fold, train: f.train, test: f.test, values: f.chosen?.values });

describe('walk-forward through the CLI and as a job', () => {
  it('plans the same folds, chooses the same parameters and stitches the same results', async () => {
    const job = await t.api('operator').backtests.walkForward.mutate({
      template: 'sma-cross',
      params: { size: 10 },
      universe: { symbols: [bars.symbol], timeframe: '1d' },
      from: bars.from,
      to: bars.to,
      costs: { model: 'none' },
      cash: 1_000_000,
      slippage: 'none',
      riskFreeRate: 0.05,
      grid: { fast: [3, 5, 8], slow: [15, 30] },
      rankBy: 'sharpe',
      train: 200,
      test: 100,
    });
    const out = join(tempDir(), 'wf.json');
    const cli = await quanttrade(
      [
        'backtest',
        '--symbol',
        bars.symbol,
        '-s',
        'sma-cross',
        '-p',
        'size=10',
        '--from',
        bars.from,
        '--to',
        bars.to,
        '--costs',
        'none',
        '--cash',
        '1000000',
        '--slippage',
        'none',
        '--risk-free',
        '0.05',
        '--sweep',
        'fast=3,5,8',
        '--sweep',
        'slow=15,30',
        '--rank',
        'sharpe',
        '--walk-forward',
        'train=200,test=100',
        '--workers',
        '2',
        '--json',
        out,
        '-q',
      ],
      { DATABASE_URL: t.database.url },
    );
    expect(cli.stderr).toMatch(/^note: WFPARITY holds SYNTHETIC bars/); // the seed's bars are synthetic
    expect(cli.code).toBe(0);
    expect((await waitForStatus(t.pool, job.id, ['succeeded', 'failed'], 60_000)).status).toBe('succeeded');

    const fromCli = JSON.parse(readFileSync(out, 'utf8')) as { folds: Fold[]; outOfSample: OutOfSample };
    const parent = await t.api('operator').backtests.get.query({ id: job.id });
    const fromJob = parent.stats as unknown as { folds: Fold[]; outOfSample: OutOfSample };

    // Four folds; the last test window (bars 500–604) took in the 5 bars a fifth fold would have had.
    expect(fromCli.folds.map((f) => [f.train.bars, f.test.bars])).toEqual([
      [200, 100],
      [200, 100],
      [200, 100],
      [200, 105],
    ]);
    expect(fromJob.folds.map(shape)).toEqual(fromCli.folds.map(shape));
    // The choice is not the same in every fold (the test would prove little otherwise).
    expect(new Set(fromCli.folds.map((f) => JSON.stringify(f.chosen!.values))).size).toBeGreaterThan(1);
    expect(pick(fromJob.outOfSample)).toEqual(pick(fromCli.outOfSample));
    expect(fromCli.outOfSample.bars).toBe(405);
  });
});
