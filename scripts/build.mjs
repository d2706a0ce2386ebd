#!/usr/bin/env node
// Builds the daemon (esbuild bundles, one per entry point) and the console (Vite).
//   node scripts/build.mjs             build everything
//   node scripts/build.mjs --if-stale  skip each part whose sources are older than its output
// Entry points:
//   daemon/src/cli/main.ts         -> dist/cli.js       (the `quanttrade` command)
//   daemon/src/**/NAME.worker.ts   -> dist/workers/NAME.js (worker-thread entry points)
//   daemon/src/api/client.ts       -> dist/client.js    (`import { createClient } from 'quanttrade/client'`)
//   daemon/src/strategy-api/*.ts   -> dist/strategy.js, dist/indicators.js ('quanttrade/strategy', '…/indicators')
//   the strategy sandbox           -> dist/sandbox/ (scripts/build-sandbox.mjs)
//   daemon/src/cli/backtest-main.ts -> dist/backtest.cjs (+ .v8cache: `quanttrade backtest --csv`,
//                                     run from V8's code cache by bin/run-cached-bundle.cjs)
import { build } from 'esbuild';
import { buildSandbox } from './build-sandbox.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifStale = process.argv.includes('--if-stale');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function newestMtime(paths) {
  let newest = 0;
  for (const p of paths) newest = Math.max(newest, statSync(p).mtimeMs);
  return newest;
}

// Packages bundled into dist instead of imported from node_modules at run time. zod is ~95 ESM
// files once its locales are counted, and Node resolves, reads and compiles each one on every
// `quanttrade backtest` start; bundled, they are one chunk. Code splitting keeps one copy of it in
// dist, shared by every entry point (two copies would break instanceof checks between them).
const BUNDLED_PACKAGES = ['zod'];

/** Like esbuild's `packages: 'external'`, except for BUNDLED_PACKAGES. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/', 2).join('/') : args.path.split('/')[0];
      if (BUNDLED_PACKAGES.includes(name)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

// `import { z } from 'zod'` hands over zod's whole namespace as one value, so the bundle must
// keep all of zod (760 KB with its 60 locales). `import * as z from 'zod'`, the form zod's docs
// use, reaches the same functions, and esbuild keeps only those used (~215 KB): the CLI compiles
// 550 KB less on every start. The sources are rewritten here, at build time, instead of by hand.
const ZOD_IMPORT = "import { z } from 'zod';";
const zodNamespaceImports = {
  name: 'zod-namespace-imports',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(ZOD_IMPORT)) return undefined;
      return { contents: source.replaceAll(ZOD_IMPORT, "import * as z from 'zod';"), loader: 'ts' };
    });
  },
};

// Chunks are named by content hash, so every change leaves the previous build's chunks behind.
// They are removed once no build has written them for a while: a daemon or test run started
// from the previous build in this shared tree may still import them lazily.
const OLD_CHUNK_GRACE_MS = 15 * 60_000;

function removeOldChunks(outputs) {
  const dir = join(root, 'dist/chunks');
  if (!existsSync(dir)) return;
  const written = new Set(Object.keys(outputs).map((p) => resolve(root, p)));
  const cutoff = Date.now() - OLD_CHUNK_GRACE_MS;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!written.has(file) && statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
  }
}

function isStale(sources, stamp) {
  if (!ifStale || !existsSync(stamp)) return true;
  return newestMtime(sources) > statSync(stamp).mtimeMs;
}

async function buildDaemon() {
  const sources = walk(join(root, 'daemon/src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const stamp = join(root, 'dist/.daemon-stamp');
  if (!isStale([...sources, join(root, 'package.json')], stamp)) return;
  const entryPoints = [{ in: join(root, 'daemon/src/cli/main.ts'), out: 'cli' }];
  const client = join(root, 'daemon/src/api/client.ts');
  if (existsSync(client)) entryPoints.push({ in: client, out: 'client' });
  entryPoints.push({ in: join(root, 'daemon/src/strategy-api/index.ts'), out: 'strategy' });
  entryPoints.push({ in: join(root, 'daemon/src/strategy-api/indicators.ts'), out: 'indicators' });
  // Workers are found by name (workerPath('NAME')), wherever their domain keeps them: a name
  // must be unique across daemon/src.
  const workers = new Map();
  for (const file of sources.filter((f) => f.endsWith('.worker.ts'))) {
    const name = basename(file, '.worker.ts');
    if (workers.has(name))
      throw new Error(
        `two worker entries named ${name}: ${relative(root, workers.get(name))} and ${relative(root, file)}`,
      );
    workers.set(name, file);
    entryPoints.push({ in: file, out: `workers/${name}` });
  }
  const started = Date.now();
  const { metafile } = await build({
    absWorkingDir: root,
    metafile: true,
    entryPoints,
    outdir: join(root, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [zodNamespaceImports, externalPackages],
    sourcemap: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    legalComments: 'none',
  });
  removeOldChunks(metafile.outputs);
  await buildSandbox({ root, plugins: [zodNamespaceImports] });
  await buildBacktestBundle();
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
  console.error(`built daemon: ${entryPoints.length} entry points in ${Date.now() - started} ms`);
}

// `quanttrade backtest --csv` is a command people time. Node 20 compiles every ES module from
// source on each start (~60 ms here for the parser, the engine, the strategies and zod); a
// CommonJS bundle run through vm.Script can start from V8's code cache instead. The cache is
// written by one warm-up run, so it holds the bytecode of every function that run compiled.
// A different Node version (or V8 flags) rejects it, and the bundle is then compiled as usual.
async function buildBacktestBundle() {
  const bundle = join(root, 'dist/backtest.cjs');
  rmSync(`${bundle}.v8cache`, { force: true });
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'daemon/src/cli/backtest-main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [zodNamespaceImports, externalPackages],
    // packageRoot() and workerPath() find dist/ from import.meta.url.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Lazy imports become lazy requires: vm.Script has no loader for import().
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
    legalComments: 'none',
  });
  const dir = mkdtempSync(join(tmpdir(), 'qt-code-cache-'));
  try {
    const csv = join(dir, 'WARMUP.csv');
    writeFileSync(csv, warmupCsv(2000));
    const run = spawnSync(
      process.execPath,
      [join(root, 'bin/quanttrade.js'), 'backtest', '--csv', csv, '--strategy', 'sma-cross'],
      { env: { ...process.env, QUANTTRADE_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' },
    );
    if (run.status !== 0 || !existsSync(`${bundle}.v8cache`))
      console.error(
        `warning: no code cache for dist/backtest.cjs (${run.stderr.trim() || `exit ${run.status}`})`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Daily bars of a deterministic walk (the warm-up run's input). */
function warmupCsv(rows) {
  const lines = ['Date,Open,High,Low,Close,Volume'];
  let price = 1000;
  for (let i = 0; i < rows; i++) {
    const date = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const open = price;
    price = Math.max(1, Math.round((price + Math.sin(i * 0.21) * 9 + Math.cos(i * 0.037) * 4) * 20) / 20);
    const high = Math.max(open, price) + 1.5;
    const low = Math.min(open, price) - 1.5;
    lines.push(
      `${date},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${price.toFixed(2)},${10_000 + i}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function buildConsole() {
  const config = join(root, 'console/vite.config.ts');
  if (!existsSync(config)) return;
  // The console bundles daemon/src/api/client-links.ts (its tRPC links); the lock file pins
  // Preact, uPlot and the tRPC client. Type-only imports from daemon/ leave no code behind.
  const sources = [
    ...walk(join(root, 'console')).filter((f) => !relative(root, f).startsWith('console/dist')),
    join(root, 'daemon/src/api/client-links.ts'),
    join(root, 'package-lock.json'),
  ].filter((f) => existsSync(f));
  const stamp = join(root, 'console/dist/index.html');
  if (!isStale(sources, stamp)) return;
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], {
    cwd: join(root, 'console'),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('console build failed');
    process.exit(result.status ?? 1);
  }
}

await buildDaemon();
buildConsole();
