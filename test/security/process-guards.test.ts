// The daemon's process-wide guards, in a real child process: an unhandled rejection is logged,
// counted and survived; an uncaught exception is logged, the daemon stopped cleanly, exit 1.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';

function runChild(mode: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(packageRoot(), 'test/security/support/guarded-child.ts'), mode],
    { encoding: 'utf8', cwd: packageRoot(), timeout: 30_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('process guards', () => {
  it('logs, counts and survives an unhandled rejection', () => {
    const { code, stdout } = runChild('rejection');
    expect(code).toBe(0);
    expect(stdout).toContain('ALIVE rejections=1');
    const line = stdout.split('\n').find((l) => l.includes('unhandled promise rejection'));
    expect(JSON.parse(line!)).toMatchObject({ level: 50, err: { message: 'a stray rejection' } });
  });

  it('stops cleanly and exits 1 on an uncaught exception', () => {
    const { code, stdout } = runChild('exception');
    expect(code).toBe(1);
    expect(stdout).toContain('CLEAN STOP');
    expect(stdout).not.toContain('SHOULD NOT RUN');
    const line = stdout.split('\n').find((l) => l.includes('uncaught exception'));
    expect(JSON.parse(line!)).toMatchObject({ level: 60, err: { message: 'a broken invariant' } });
  });
});
