// One daemon per data directory: `<home>/daemon.pid` names the daemon that owns the embedded
// PostgreSQL. A second daemon on the same home refuses to start (it would otherwise stop the
// first one's server as an "orphan"); CLI commands attach to the running server instead.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of another live daemon owning `home`, if any. */
export function otherDaemonPid(home: string): number | undefined {
  const file = join(home, 'daemon.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  // Our own pid (a container restarted as pid 1) or a dead one is a stale file.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return undefined;
  return pid;
}

export function writeDaemonPid(home: string): () => void {
  const file = join(home, 'daemon.pid');
  writeFileSync(file, `${process.pid}\n`, { mode: 0o644 });
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid))
      rmSync(file, { force: true });
  };
}
