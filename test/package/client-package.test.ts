// The package as a user gets it: `npm pack` (which runs "prepack": the build and the declaration
// files), the tarball's contents, then a fresh project outside the repository that installs the
// tarball, type-checks a script using `quanttrade/client` under NodeNext and under Bundler
// resolution (skipLibCheck off, so the shipped declarations are checked too), and runs it
// against a daemon. The install reads npm's cache (filled by `npm ci`) before the registry.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

const run = promisify(execFile);
const root = packageRoot();
const consumer = join(root, 'test/package/consumer');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let project: string;
let tarball: string;
let files: string[];
let t: TestDaemon;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qt-package-'));
  const packed = await run(npm, ['pack', '--json', '--pack-destination', work], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  for (const name of [
    'client-script.ts',
    'strategy-script.ts',
    'tsconfig.nodenext.json',
    'tsconfig.bundler.json',
  ])
    copyFileSync(join(consumer, name), join(project, name));
  const types = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies['@types/node'];
  // No optional dependencies: the embedded PostgreSQL binaries are not needed to be a client.
  await run(
    npm,
    [
      'install',
      tarball,
      `@types/node@${types}`,
      '--prefer-offline',
      '--omit=optional',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: project, maxBuffer: 16 * 1024 * 1024 },
  );
  t = await startTestDaemon();
}, 300_000);

afterAll(async () => {
  await t?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds what a user runs, with declarations, and no sources, tests or docs', () => {
    for (const needed of [
      'bin/quanttrade.js',
      'dist/cli.js',
      'dist/client.js',
      'dist/types/api/client.d.ts',
      'dist/types/api/router.d.ts',
      'dist/types/strategy-api/index.d.ts',
      'dist/types/strategy-api/indicators.d.ts',
      'sql/001_init.sql',
      'package.json',
    ])
      expect(files, needed).toContain(needed);
    const unwanted = files.filter(
      (f) =>
        /^(test|docs|daemon|scripts|console\/src|dashboards)\//.test(f) ||
        f.endsWith('.map') ||
        f.endsWith('.v8cache') ||
        f.endsWith('.test.ts'),
    );
    expect(unwanted).toEqual([]);
    // Declarations import each other by their .js names (NodeNext needs the extension).
    const router = readFileSync(join(project, 'node_modules/quanttrade/dist/types/api/router.d.ts'), 'utf8');
    expect(router).toMatch(/import\("\.\/context\.js"\)/);
    expect(router).not.toMatch(/import\("\.\.?\/[^"]*[^s]"\)/);
  });

  it('type-checks a client script and a user strategy under NodeNext and under Bundler resolution', async () => {
    const check = (config: string) =>
      run(process.execPath, [tsc, '-p', config], { cwd: project }).catch((err: { stdout: string }) => {
        throw new Error(`tsc -p ${config}:\n${err.stdout}`);
      });
    await Promise.all([check('tsconfig.nodenext.json'), check('tsconfig.bundler.json')]);
  }, 120_000);

  it('runs the compiled script against a daemon', async () => {
    const { stdout } = await run(process.execPath, [join(project, 'out/client-script.js')], {
      cwd: project,
      env: { ...process.env, QUANTTRADE_URL: t.url, QUANTTRADE_TOKEN: t.users.viewer.token },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const info = await t.api().system.info.query();
    expect(result).toEqual({ version: info.version, strategies: 0, firstId: null, lagIsNumber: true });
  }, 90_000);
});
