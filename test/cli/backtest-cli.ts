// Runs the built `quanttrade` CLI in a child process (tests build it once in beforeAll).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds the daemon bundle. The build script also builds the console, which these tests do not
 * need, so success is judged by the daemon part: its stamp must be newer than every source.
 */
export function buildCli(): void {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
  });
  const stamp = statSync(join(root, 'dist/.daemon-stamp'), { throwIfNoEntry: false });
  if (!stamp || stamp.mtimeMs < newestSource(join(root, 'daemon/src'))) {
    throw new Error(`the daemon build failed:\n${build.stderr}`);
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `quanttrade …`; `env` is added to this process's environment. */
export function quanttrade(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const bin = join(root, 'bin/quanttrade.js');
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'qt-backtest-cli-'));
}
