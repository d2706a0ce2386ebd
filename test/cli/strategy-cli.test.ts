// `quanttrade strategy init|push|list|show|diff` and `backtest --strategy-file`, with the built CLI:
// init writes an editable copy of a template; a backtest of that file equals the template's
// (single, and a sweep); push saves it to a real daemon as versions (problems as FILE:LINE:COL);
// list, show and diff read them back.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

let dir: string;
let csv: string;
let t: TestDaemon;
let env: Record<string, string>;

beforeAll(async () => {
  buildCli();
  dir = tempDir();
  csv = join(dir, 'WALK.csv');
  const lines = ['Date,Open,High,Low,Close,Volume'];
  let p = 100;
  let s = 7;
  for (let i = 0; i < 500; i++) {
    s = (s * 16807) % 2147483647;
    const o = p;
    p = Math.max(10, Math.round((p + (s / 2147483647 - 0.5) * 4) * 20) / 20);
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(
      [
        day,
        o.toFixed(2),
        (Math.max(o, p) + 1).toFixed(2),
        (Math.min(o, p) - 1).toFixed(2),
        p.toFixed(2),
        1000,
      ].join(','),
    );
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
  t = await startTestDaemon();
  env = { QUANTTRADE_URL: t.url, QUANTTRADE_TOKEN: t.users.operator.token };
});
afterAll(async () => {
  await t?.stop();
});

describe('quanttrade strategy and backtest --strategy-file', () => {
  it('init writes a template as user code; its backtest equals the template, single and swept', async () => {
    const init = await quanttrade(['strategy', 'init', join(dir, 'mine'), '--from', 'ema-cross']);
    expect(init.code).toBe(0);
    const source = readFileSync(join(dir, 'mine.ts'), 'utf8');
    expect(source).toContain("name: 'mine'");
    expect((await quanttrade(['strategy', 'init', join(dir, 'mine'), '--from', 'ema-cross'])).stderr).toMatch(
      /exists; --force/,
    );
    const params = ['-p', 'fast=5', '-p', 'slow=20', '-p', 'size=10'];
    const code = await quanttrade([
      'backtest',
      '--csv',
      csv,
      '--strategy-file',
      join(dir, 'mine.ts'),
      ...params,
      '-q',
      '--json',
      join(dir, 'a.json'),
    ]);
    const template = await quanttrade([
      'backtest',
      '--csv',
      csv,
      '--strategy',
      'ema-cross',
      ...params,
      '-q',
      '--json',
      join(dir, 'b.json'),
    ]);
    expect(code.code, code.stderr).toBe(0);
    expect(template.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(a.trades.length).toBeGreaterThan(3);
    expect(a.trades).toEqual(b.trades);
    expect(a.orders).toEqual(b.orders);
    const sweep = ['--sweep', 'fast=3,5', '--sweep', 'slow=20,30', '-p', 'size=10', '--json'];
    const s1 = await quanttrade([
      'backtest',
      '--csv',
      csv,
      '--strategy-file',
      join(dir, 'mine.ts'),
      ...sweep,
      join(dir, 's1.json'),
      '-q',
      '--workers',
      '2',
    ]);
    const s2 = await quanttrade([
      'backtest',
      '--csv',
      csv,
      '--strategy',
      'ema-cross',
      ...sweep,
      join(dir, 's2.json'),
      '-q',
    ]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(s2.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 's1.json'), 'utf8')).runs).toEqual(
      JSON.parse(readFileSync(join(dir, 's2.json'), 'utf8')).runs,
    );
  });

  it('a file that does not compile, or throws, is reported with its line', async () => {
    const broken = join(dir, 'broken.ts');
    writeFileSync(
      broken,
      "import { defineStrategy } from 'quanttrade/strategy';\nexport default defineStrategy({ name: 'x' ;\n",
    );
    const compile = await quanttrade(['backtest', '--csv', csv, '--strategy-file', broken]);
    expect(compile.code).toBe(2);
    expect(compile.stderr).toContain(`${broken}:2:`);
    const throwing = join(dir, 'throwing.ts');
    writeFileSync(
      throwing,
      readFileSync(join(dir, 'mine.ts'), 'utf8').replace(
        'onBar(ctx, { cross }) {',
        "onBar(ctx, { cross }) {\n    if (ctx.index > 40) throw new RangeError('too far');",
      ),
    );
    const run = await quanttrade(['backtest', '--csv', csv, '--strategy-file', throwing, '-q']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the strategy failed in onBar \(WALK, bar 41, [^)]*\): RangeError: too far at line \d+, column \d+: if \(ctx.index > 40\)/,
    );
  });

  it('push saves versions; list, show and diff read them back', async () => {
    const file = join(dir, 'mine.ts');
    const first = await quanttrade(
      ['strategy', 'push', file, '--name', 'Mine', '--symbols', 'DEMOBANK', '-p', 'size=10'],
      env,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/created strategy (\d+) "Mine" version 1/);
    const id = /strategy (\d+)/.exec(first.stdout)![1]!;
    expect((await quanttrade(['strategy', 'push', file, '--name', 'Mine'], env)).stdout).toMatch(
      /unchanged \(version 1/,
    );
    writeFileSync(file, readFileSync(file, 'utf8').replace("name: 'mine'", "name: 'mine-2'"));
    const second = await quanttrade(['strategy', 'push', file, '--name', 'Mine'], env);
    expect(second.stdout).toMatch(/version 2/);
    const list = await quanttrade(['strategy', 'list'], env);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+Mine\\s+code \\(mine-2\\)\\s+2`));
    const show = await quanttrade(['strategy', 'show', id, '--version', '1'], env);
    expect(show.stdout).toContain('code: mine, ts, sha256');
    expect((await quanttrade(['strategy', 'show', id, '--source'], env)).stdout).toContain("name: 'mine-2'");
    const diff = await quanttrade(['strategy', 'diff', id, '--version', '1', '--against', '2'], env);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("-  name: 'mine',\n+  name: 'mine-2',");
    expect((await quanttrade(['strategy', 'diff', id, file], env)).stdout).toBe('no differences\n');
  }, 180_000);

  it('push reports type errors as FILE:LINE:COLUMN and saves nothing', async () => {
    const bad = join(dir, 'bad.ts');
    const text = readFileSync(join(dir, 'mine.ts'), 'utf8').replace(
      'ctx.buy(ctx.params.size)',
      "ctx.buy('lots')",
    );
    writeFileSync(bad, text);
    const push = await quanttrade(['strategy', 'push', bad, '--name', 'Bad'], env);
    expect(push.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes("ctx.buy('lots')")) + 1;
    expect(push.stderr).toMatch(
      new RegExp(
        `${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${line}:\\d+: well-typed code: Argument of type 'string'`,
      ),
    );
    expect((await quanttrade(['strategy', 'list'], env)).stdout).not.toMatch(/\bBad\b/);
  }, 120_000);
});
