#!/usr/bin/env node
// `npm run bench [-- NAME...]`: runs every scripts/bench/*.bench.ts (or those whose file name
// contains one of NAME), each in its own process, and prints one JSON document on stdout.
//
// A bench file prints JSON lines on stdout, one per figure:
//   {"bench":"engine.sma-cross","metric":"barsPerSecond","value":1.2e7,"unit":"bars/s",
//    "baseline":{"name":"bare loop","value":3e7},"ratio":0.4,"target":">= 1e7"}
// `baseline`/`ratio` where a baseline is measured in the same run; `target` from the issue.
// Progress and notes go to stderr.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'scripts/bench');
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

const results = [];
const failures = [];
for (const file of files) {
  process.stderr.write(`bench ${file} …\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  for (const line of run.stdout.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      results.push({ file, ...JSON.parse(text) });
    } catch {
      process.stderr.write(`  ignoring unparseable line: ${text.slice(0, 200)}\n`);
    }
  }
  if (run.status !== 0) failures.push({ file, status: run.status, signal: run.signal });
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const report = {
  machine: { node: process.version, platform: process.platform, arch: process.arch },
  at: new Date().toISOString(),
  results,
  failures,
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = failures.length ? 1 : 0;
