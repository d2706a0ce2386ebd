// One daemon per data directory: `<home>/daemon.pid` names the daemon that owns the embedded
// PostgreSQL. A second daemon on the same home refuses to start (it would otherwise stop the
// first one's server as an "orphan"); CLI commands attach to the running server instead.
//
// The file holds the pid and, on Linux, the process's start time (/proc/<pid>/stat, field 22).
// "Is it alive?" must be answered at once and correctly: a daemon killed with SIGKILL stays in the
// process table as a zombie until its parent reaps it (kill(pid, 0) still succeeds), and after a
// reboot or in a container its pid may belong to some other process. Neither blocks a restart.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProcStat {
  state: string;
  startTime: string;
}

/** State and start time from /proc (Linux); undefined when the process does not exist there. */
function procStat(pid: number): ProcStat | undefined | 'unsupported' {
  if (process.platform !== 'linux') return 'unsupported';
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a live process, and (when known) the one that started at `startTime`. */
export function isLiveProcess(pid: number, startTime?: string): boolean {
  const stat = procStat(pid);
  if (stat === 'unsupported') return signalable(pid);
  if (!stat) return false;
  // Z: zombie (dead, not reaped), X: dead.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}

/** The pid of another live daemon owning `home`, if any. */
export function otherDaemonPid(home: string): number | undefined {
  const file = join(home, 'daemon.pid');
  if (!existsSync(file)) return undefined;
  const [pidText, startTime] = readFileSync(file, 'utf8').trim().split('\n');
  const pid = Number(pidText);
  // Our own pid (a container restarted as pid 1) or a dead one is a stale file.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isLiveProcess(pid, startTime?.trim() || undefined) ? pid : undefined;
}

export function writeDaemonPid(home: string): () => void {
  const file = join(home, 'daemon.pid');
  const stat = procStat(process.pid);
  const started = stat && stat !== 'unsupported' ? `${stat.startTime}\n` : '';
  const content = `${process.pid}\n${started}`;
  writeFileSync(file, content, { mode: 0o644 });
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8') === content) rmSync(file, { force: true });
  };
}
