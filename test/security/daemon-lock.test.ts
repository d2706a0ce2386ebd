// The daemon lock (<home>/daemon.pid) tells a live daemon from a dead one at once: a pid that is
// dead but not yet reaped by its parent (a zombie), or that now belongs to another process, does
// not block a restart; a live daemon does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { otherDaemonPid, writeDaemonPid } from '../../daemon/src/db/daemon-lock';
import { until } from './support/until';

const home = mkdtempSync(join(tmpdir(), 'qt-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

function startTime(pid: number): string {
  // Field 22 of /proc/<pid>/stat, after the parenthesised command name.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('daemon lock', () => {
  it('ignores a zombie: dead, not yet reaped', async () => {
    // A parent that forks a child which exits at once, and never waits for it.
    const script =
      'import os, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)';
    const parent = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(
      await new Promise<string>((resolve) =>
        parent.stdout!.once('data', (d: Buffer) => resolve(d.toString())),
      ),
    );
    const state = await until(
      async () => readFileSync(`/proc/${zombie}/stat`, 'utf8'),
      (s) => / Z /.test(s),
    );
    expect(state).toMatch(/ Z /);
    expect(() => process.kill(zombie, 0)).not.toThrow();
    writeFileSync(join(home, 'daemon.pid'), `${zombie}\n`);
    expect(otherDaemonPid(home)).toBeUndefined();
  });

  it('ignores a pid now used by another process (its start time differs)', () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(other);
    writeFileSync(join(home, 'daemon.pid'), `${other.pid}\n1\n`);
    expect(otherDaemonPid(home)).toBeUndefined();
  });

  it('holds for a live daemon', () => {
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(live);
    writeFileSync(join(home, 'daemon.pid'), `${live.pid}\n${startTime(live.pid!)}\n`);
    expect(otherDaemonPid(home)).toBe(live.pid);
  });

  it('records its own start time, and releases only its own file', () => {
    const release = writeDaemonPid(home);
    const [pid, started] = readFileSync(join(home, 'daemon.pid'), 'utf8').trim().split('\n');
    expect(Number(pid)).toBe(process.pid);
    expect(started).toBe(startTime(process.pid));
    release();
    expect(() => readFileSync(join(home, 'daemon.pid'))).toThrow(/ENOENT/);
  });
});
