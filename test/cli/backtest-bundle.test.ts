// `quanttrade backtest --csv` runs from dist/backtest.cjs and V8's code cache (bin/quanttrade.js,
// bin/run-cached-bundle.cjs). It must behave exactly as the same command through dist/cli.js:
// same results, same messages, same exit codes; and the cache the build wrote must be one this
// Node accepts (a rejected cache still works, but silently loses the start-up time it is for).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

const root = fileURLToPath(new URL('../..', import.meta.url));
const VIA_CLI = { QUANTTRADE_BACKTEST_BUNDLE: '0' };

let dir = '';
let file = '';

beforeAll(() => {
  buildCli();
  dir = tempDir();
  file = join(dir, 'WALK.csv');
  const rows = ['Date,Open,High,Low,Close,Volume'];
  let close = 500;
  for (let i = 0; i < 400; i++) {
    const open = close;
    close = Math.round((close + Math.sin(i / 7) * 6 + Math.cos(i / 3) * 2) * 20) / 20;
    const day = new Date(Date.UTC(2023, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
    rows.push(
      `${day},${open},${Math.max(open, close) + 1},${Math.min(open, close) - 1},${close},${1000 + i}`,
    );
  }
  writeFileSync(file, rows.join('\n'));
}, 120_000);

describe('the backtest bundle', () => {
  it('gives the same result, summary and report as dist/cli.js', async () => {
    const args = (name: string) => [
      'backtest',
      '--csv',
      file,
      '--strategy',
      'rsi-reversion',
      '-p',
      'period=5',
      '--costs',
      'india-delivery',
      '--json',
      join(dir, `${name}.json`),
    ];
    const [bundled, plain] = await Promise.all([
      quanttrade(args('bundle')),
      quanttrade(args('cli'), VIA_CLI),
    ]);
    expect(bundled.code).toBe(0);
    expect(plain.code).toBe(0);
    expect(bundled.stdout).toBe(plain.stdout);
    const result = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    expect(result.trades.length).toBeGreaterThan(0);
    expect(result).toEqual(JSON.parse(readFileSync(join(dir, 'cli.json'), 'utf8')));
  });

  it('reports bad usage with the same message and exit code', async () => {
    for (const args of [
      ['backtest', '--csv', file, '--strategy', 'no-such-template'],
      ['backtest', '--csv', join(dir, 'missing.csv'), '--strategy', 'sma-cross'],
      ['backtest', `--csv=${file}`, '--strategy', 'sma-cross', '-p', 'fast=50', '-p', 'slow=10'],
    ]) {
      const [bundled, plain] = await Promise.all([quanttrade(args), quanttrade(args, VIA_CLI)]);
      expect(bundled.code).toBe(2);
      expect(bundled.stderr).toBe(plain.stderr);
      expect(bundled.code).toBe(plain.code);
    }
  });

  it('runs a sweep on worker threads (it finds dist/workers from the bundle)', async () => {
    const run = await quanttrade([
      'backtest',
      '--csv',
      file,
      '--strategy',
      'sma-cross',
      '--sweep',
      'fast=3:6:3',
      '-q',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fast=3/);
    expect(run.stdout).toMatch(/fast=6/);
  });

  it('starts from a code cache this Node accepts', () => {
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        "const { loadCachedBundle } = require('./bin/run-cached-bundle.cjs');" +
          'console.log(JSON.stringify(loadCachedBundle(process.argv[1]).cacheRejected));',
        join(root, 'dist/backtest.cjs'),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe('false');
  });
});
