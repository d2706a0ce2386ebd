// system.info over tRPC's HTTP handler at 50 concurrent keep-alive connections, beside a bare
// fastify JSON route measured in the same run (the ratio shows tRPC's own overhead, which is
// reported, not chased: wire compatibility with @trpc/client comes first).
// Targets (issue 2): ≥ 8,000 requests/s, p99 ≤ 25 ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchDaemon } from './daemon-process';
import { emit } from './emit';
import { runLoad } from './http-load';

const CONNECTIONS = 50;
const SECONDS = 8;

async function startBare(): Promise<{ url: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./bare-fastify.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (c: Buffer) =>
      resolve((JSON.parse(c.toString('utf8')) as { port: number }).port),
    ),
  );
  return { url: `http://127.0.0.1:${port}/bare`, stop: () => child.kill('SIGTERM') };
}

const home = mkdtempSync(join(tmpdir(), 'qt-bench-api-'));
const daemon = await startBenchDaemon(home);
try {
  const target = `${daemon.url}/trpc/system.info`;
  await runLoad({ url: target, connections: CONNECTIONS, seconds: 2 }); // warm-up (JIT)
  const trpc = await runLoad({ url: target, connections: CONNECTIONS, seconds: SECONDS });
  await daemon.stop();

  const bare = await startBare();
  await runLoad({ url: bare.url, connections: CONNECTIONS, seconds: 2 });
  const baseline = await runLoad({ url: bare.url, connections: CONNECTIONS, seconds: SECONDS });
  bare.stop();

  emit({
    bench: 'api.system.info',
    metric: 'requestsPerSecond',
    value: trpc.requestsPerSecond,
    unit: 'req/s',
    baseline: { name: 'bare fastify route', value: baseline.requestsPerSecond },
    ratio: Math.round((trpc.requestsPerSecond / baseline.requestsPerSecond) * 1000) / 1000,
    target: '>= 8000',
    meetsTarget: trpc.requestsPerSecond >= 8000,
    notes: `${CONNECTIONS} connections, ${SECONDS} s, ${trpc.errors} errors; load generator on the same 2 cores`,
  });
  emit({
    bench: 'api.system.info',
    metric: 'p50',
    value: trpc.p50Ms,
    unit: 'ms',
    baseline: { name: 'bare fastify route', value: baseline.p50Ms },
  });
  emit({
    bench: 'api.system.info',
    metric: 'p99',
    value: trpc.p99Ms,
    unit: 'ms',
    baseline: { name: 'bare fastify route', value: baseline.p99Ms },
    target: '<= 25',
    meetsTarget: trpc.p99Ms <= 25,
  });
} finally {
  await daemon.stop();
  rmSync(home, { recursive: true, force: true });
}
