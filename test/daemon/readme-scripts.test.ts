// The README's "Backtests from scripts" on a fresh start, step by step as written: its shell
// block is read from README.md and each command run through bash in the repository, against a
// daemon that has just started for the first time. The only changes are the ones a reader's
// machine makes: the daemon's port (a free one, not 8080) and the token the previous step
// printed in place of `qtk_…`; QUANTTRADE_HOME is the daemon's (the README's is ./.quanttrade).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { spawnDaemon, type SpawnedDaemon } from '../support/spawn-daemon';

const root = packageRoot();

/** The commands of the section's ```sh block: continuation lines joined, comments dropped. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Backtests from scripts'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

let daemon: SpawnedDaemon;

beforeAll(async () => {
  daemon = await spawnDaemon(); // a fresh data directory: the first start
}, 120_000);
afterAll(async () => {
  await daemon?.stop();
});

describe('README: Backtests from scripts', () => {
  it('works as written on a fresh start', () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThanOrEqual(2);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('QUANTTRADE_') && k !== 'DATABASE_URL') env[k] = v;
    env.QUANTTRADE_HOME = daemon.home;
    let token: string | undefined;
    let last = '';
    for (const written of commands) {
      const command = written
        .replaceAll('http://127.0.0.1:8080', daemon.url)
        .replaceAll('qtk_…', token ?? 'qtk_…');
      const run = spawnSync('bash', ['-c', command], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
      last = `${run.stdout}${run.stderr}`;
      expect(run.status, `${written}\n${last}`).toBe(0);
      token = /\b(qtk_[A-Za-z0-9_-]+)/.exec(run.stdout)?.[1] ?? token;
    }
    expect(token).toBeDefined();
    // The example's own report: queued, followed to the end, and the result.
    expect(last).toMatch(/backtest \d+ queued/);
    expect(last).toMatch(/succeeded 100%/);
    expect(last).toMatch(/backtest \d+: DEMOBANK 2024-01-01 … 2024-12-31/);
    expect(last).toMatch(/final value {4}₹\d/);
  }, 240_000);
});
