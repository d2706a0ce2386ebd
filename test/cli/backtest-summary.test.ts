// Results that do not mislead (issue 15 §4): the summary, the HTML report and the JSON say which
// cost model charged the run (India costs by default), how many orders were rejected and why, and
// when the statistics rest on too short a sample.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomWalk } from '../fixtures/engine/bars';
import { writeSeriesCsv } from '../fixtures/engine/csv';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

let dir = '';
let walk = '';
let short = '';

beforeAll(() => {
  buildCli();
  dir = tempDir();
  walk = join(dir, 'WALK.csv');
  writeSeriesCsv(walk, randomWalk(300, 5));
  short = join(dir, 'SHORT.csv');
  writeSeriesCsv(short, randomWalk(12, 5));
}, 120_000);

const INDIA =
  'india: Indian charges for each instrument’s segment (equity delivery; futures and options at F&O rates)';

describe('the backtest summary', () => {
  it('charges India costs by default and says so; --costs none turns them off', async () => {
    const out = join(dir, 'default.json');
    const run = await quanttrade(['backtest', '--csv', walk, '-s', 'sma-cross', '--json', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Cost model`);
    expect(run.stdout).toContain(INDIA);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.spec.costs).toBe('india');
    expect(result.stats.trades).toBeGreaterThan(0);
    expect(result.stats.costs.stt).toBeGreaterThan(0);

    const none = await quanttrade(['backtest', '--csv', walk, '-s', 'sma-cross', '--costs', 'none']);
    expect(none.stdout).toContain('none: no costs');
  });

  it('counts and explains rejected orders in the summary, the HTML report and the JSON', async () => {
    const out = join(dir, 'poor.json');
    const html = join(dir, 'poor.html');
    const run = await quanttrade([
      'backtest',
      '--csv',
      walk,
      '-s',
      'sma-cross',
      '--cash',
      '1000',
      '--json',
      out,
      '--html',
      html,
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    const n = result.stats.ordersRejected;
    expect(n).toBeGreaterThan(0);
    expect(result.stats.rejections).toEqual({ insufficient_cash: n });
    expect(run.stdout).toMatch(new RegExp(`Orders rejected\\s+${n} orders rejected: insufficient cash`));
    expect(run.stdout).toMatch(new RegExp(`warning: ${n} orders rejected: insufficient cash`));
    expect(readFileSync(html, 'utf8')).toContain(`${n} orders rejected: insufficient cash`);
  });

  it('warns when the statistics rest on fewer than 30 return observations', async () => {
    const out = join(dir, 'short.json');
    const html = join(dir, 'short.html');
    const run = await quanttrade([
      'backtest',
      '--csv',
      short,
      '-s',
      'buy-and-hold',
      '--json',
      out,
      '--html',
      html,
    ]);
    expect(run.code).toBe(0);
    const warning = 'statistics from 12 return observations (fewer than 30)';
    expect(run.stdout).toContain(`warning: ${warning}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).stats.warnings[0]).toContain(warning);
    expect(readFileSync(html, 'utf8')).toContain(warning);
  });

  it('marks whether the data is synthetic in the JSON', async () => {
    const out = join(dir, 'real.json');
    await quanttrade(['backtest', '--csv', walk, '-s', 'sma-cross', '--json', out, '-q']);
    expect(JSON.parse(readFileSync(out, 'utf8')).synthetic).toBe(false);
  });
});
