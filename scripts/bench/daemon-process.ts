// Starts the built daemon (`node bin/quanttrade.js start`) for benchmarks and measures the time
// from spawn to the first 200 from /readyz.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../daemon/src/db/embedded-postgres';
import { packageRoot } from '../../daemon/src/config/package-root';

export interface BenchDaemon {
  url: string;
  readyMs: number;
  output: () => string;
  stop(): Promise<number | null>;
}

export async function startBenchDaemon(home: string, env: Record<string, string> = {}): Promise<BenchDaemon> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(packageRoot(), 'bin/quanttrade.js'), 'start'], {
    env: {
      ...process.env,
      QUANTTRADE_HOME: home,
      QUANTTRADE_PORT: String(port),
      QUANTTRADE_LOG_LEVEL: 'warn',
      QUANTTRADE_LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`daemon exited early:\n${text}`);
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (performance.now() - started > 120_000) throw new Error(`daemon not ready in 120 s:\n${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = Math.round(performance.now() - started);
  return {
    url,
    readyMs,
    output: () => text,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
