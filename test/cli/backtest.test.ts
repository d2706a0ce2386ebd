// `quanttrade backtest` end to end: the built CLI on small CSV files, numbers checked by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

// Closes chosen so that SMA(2) crosses above SMA(3) on bar 6 and below on bar 10. Each bar opens
// 0.50 below its close, so the buy fills at bar 7's open (11 − 0.5 = 10.50) and the sell at
// bar 11's open (9 − 0.5 = 8.50).
const CLOSES = [10, 10, 10, 9, 8, 9, 10, 11, 12, 11, 10, 9, 8];

function csv(closes: readonly number[]): string {
  const rows = closes.map(
    (c, i) => `2025-01-${String(i + 6).padStart(2, '0')},${c - 0.5},${c + 1},${c - 1},${c},1000`,
  );
  return ['Date,Open,High,Low,Close,Volume', ...rows].join('\n');
}

let dir = '';
let file = '';

beforeAll(() => {
  buildCli();
  dir = tempDir();
  file = join(dir, 'TEST.csv');
  writeFileSync(file, csv(CLOSES));
}, 120_000);

describe('quanttrade backtest', () => {
  it('runs sma-cross and writes every fill, cost and the final value to --json', async () => {
    const out = join(dir, 'run.json');
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '--strategy',
      'sma-cross',
      '-p',
      'fast=2',
      '-p',
      'slow=3',
      '--commission',
      '0.001',
      '--json',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    // buy 100 @ 10.50 (commission 1.05), sell 100 @ 8.50 (commission 0.85)
    expect(result.trades).toEqual([
      expect.objectContaining({
        side: 'long',
        qty: 100,
        entryTime: '2025-01-13T00:00:00+05:30',
        entryPrice: 10.5,
        exitTime: '2025-01-17T00:00:00+05:30',
        exitPrice: 8.5,
        pnl: -200,
        costs: 1.9,
        netPnl: -201.9,
      }),
    ]);
    expect(result.orders).toEqual([
      expect.objectContaining({
        createdTime: '2025-01-12T00:00:00+05:30',
        time: '2025-01-13T00:00:00+05:30',
        side: 'buy',
        qty: 100,
        price: 10.5,
        costs: 1.05,
        status: 'filled',
        reason: null,
      }),
      expect.objectContaining({
        createdTime: '2025-01-16T00:00:00+05:30',
        time: '2025-01-17T00:00:00+05:30',
        side: 'sell',
        qty: 100,
        price: 8.5,
        costs: 0.85,
        status: 'filled',
        reason: null,
      }),
    ]);
    expect(result.cash).toBe(999_798.1);
    expect(result.finalValue).toBe(999_798.1);
    expect(result.stats).toMatchObject({ trades: 1, winRate: 0, tradedValue: 1900, bars: 13 });
    expect(result.stats.costs).toMatchObject({ brokerage: 1.9, total: 1.9 });
    // the summary table goes to stdout
    expect(run.stdout).toContain('Final value');
    expect(run.stdout).toContain('9,99,798.10');
  });

  it('reports bad CSV rows by line number and runs on the good ones', async () => {
    const bad = join(dir, 'BAD.csv');
    const lines = csv(CLOSES).split('\n');
    lines[3] = '2025-01-08,abc,11,9,10,1000';
    lines[5] = 'not a date,9,10,8,9,1000';
    writeFileSync(bad, lines.join('\n'));
    const run = await quanttrade(['backtest', '--csv', bad, '--strategy', 'buy-and-hold', '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`BAD\\.csv:4: .*open`, 'i'));
    expect(run.stderr).toMatch(/BAD\.csv:6: /);
    expect(run.stderr).toContain('skipped 2 bad row(s)');
  });

  it('counts all 1500 bad rows, not the 1000 the parser lists', async () => {
    const many = join(dir, 'MANY.csv');
    const bad = Array.from({ length: 1500 }, () => '2025-01-20,abc,11,9,10,1000');
    writeFileSync(many, [...csv(CLOSES).split('\n'), ...bad].join('\n'));
    const run = await quanttrade(['backtest', '--csv', many, '--strategy', 'buy-and-hold', '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('MANY.csv:15: ');
    expect(run.stderr).toContain('… and 1480 more bad rows');
    expect(run.stderr).toContain('skipped 1500 bad row(s) of');
  });

  it('reads UTF-8 files with a byte-order mark (not plain ASCII)', async () => {
    const bom = join(dir, 'BOM.csv');
    writeFileSync(bom, `\uFEFF${csv(CLOSES)}`);
    const out = join(dir, 'bom.json');
    const run = await quanttrade([
      'backtest',
      '--csv',
      bom,
      '-s',
      'sma-cross',
      '-p',
      'fast=2',
      '-p',
      'slow=3',
      '--costs',
      'none',
      '--json',
      out,
      '-q',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).finalValue).toBe(999_800);
  });

  it('writes one self-contained HTML report', async () => {
    const out = join(dir, 'report.html');
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '--strategy',
      'sma-cross',
      '-p',
      'fast=2',
      '-p',
      'slow=3',
      '--html',
      out,
      '-q',
    ]);
    expect(run.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('uPlot');
    expect(html).toContain('id="equity-chart"');
    expect(html).toContain('id="drawdown-chart"');
    expect(html).toContain('id="price-chart"');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
    const data = JSON.parse(
      /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!,
    );
    expect(data.trades).toHaveLength(1);
    expect(data.markers.map((m: { side: string }) => m.side)).toEqual(['buy', 'sell']);
  });

  it.each([
    [['--strategy', 'nope'], /--strategy: got "nope", expected one of sma-cross, .*buy-and-hold/],
    [['--strategy', 'sma-cross', '-p', 'fast=0'], /--param fast: got 0, expected a number >= 1/],
    [
      ['--strategy', 'sma-cross', '-p', 'fast=40'],
      /--param fast: got 40, expected a fast period smaller than slow/,
    ],
    [
      ['--strategy', 'sma-cross', '-p', 'speed=3'],
      /--param speed: got 3, expected a known field \(fast, slow, size\)/,
    ],
    [
      ['--strategy', 'sma-cross', '--from', '2025-13-01'],
      /--from: got "2025-13-01", expected a date YYYY-MM-DD/,
    ],
    [
      ['--strategy', 'sma-cross', '--from', '2030-01-01'],
      /--from: got "2030-01-01", expected a range with bars/,
    ],
    [['--strategy', 'sma-cross', '--cash=-5'], /--cash: got "-5", expected a positive number/],
    [['--strategy', 'sma-cross', '--costs', 'cheap'], /--costs: got "cheap", expected one of india, none/],
    [
      ['--strategy', 'sma-cross', '--slippage', 'lots'],
      /--slippage: got "lots", expected none, ticks:<n> or bps:<n>/,
    ],
    [
      ['--strategy', 'sma-cross', '--rank', 'luck', '--sweep', 'fast=2:3:1'],
      /--rank: got "luck", expected one of sharpe/,
    ],
    [
      ['--strategy', 'sma-cross', '--sweep', 'fast=9:2:1'],
      /--sweep: got "fast=9:2:1", expected name=start:end:step/,
    ],
    [['--strategy', 'sma-cross', '--bogus'], /unknown option --bogus/],
    [
      ['--strategy', 'sma-cross', '--lot', '75'],
      /--param size: got 100, expected a multiple of the lot size 75/,
    ],
  ])('rejects bad usage with exit code 2: %j', async (args, message) => {
    const run = await quanttrade(['backtest', '--csv', file, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('trades a size that is a whole number of lots', async () => {
    const out = join(dir, 'lots.json');
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '--strategy',
      'sma-cross',
      '-p',
      'fast=2',
      '-p',
      'slow=3',
      '-p',
      'size=150',
      '--lot',
      '75',
      '--json',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    // The one round trip of the first test, at 2 lots of 75: (8.50 − 10.50) × 150 = −300.
    expect(result.trades).toEqual([expect.objectContaining({ qty: 150, entryPrice: 10.5, pnl: -300 })]);
    expect(result.orders.map((o: { status: string }) => o.status)).toEqual(['filled', 'filled']);
  });

  it('names a missing file', async () => {
    const run = await quanttrade(['backtest', '--csv', join(dir, 'missing.csv'), '--strategy', 'sma-cross']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--csv: got ".*missing\.csv", expected a readable file \(no such file\)/);
  });

  it('lists the templates and prints help', async () => {
    const list = await quanttrade(['backtest', '--list-strategies']);
    for (const name of [
      'sma-cross',
      'ema-cross',
      'rsi-reversion',
      'bollinger-reversion',
      'macd-cross',
      'buy-and-hold',
    ]) {
      expect(list.stdout).toContain(name);
    }
    const help = await quanttrade(['backtest', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--walk-forward');
    // Both data sources are documented: a CSV file, or stored bars by symbol.
    expect(help.stdout).toContain('quanttrade backtest --symbol SYM');
    expect(help.stdout).toMatch(/without --csv: stored symbol\(s\)/);
  });
});
