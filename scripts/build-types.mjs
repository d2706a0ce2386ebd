#!/usr/bin/env node
// Declaration files for the package's typed entry points (run by `npm pack` / `npm publish`
// through "prepack", after build.mjs):
//   daemon/src/api/client.ts -> dist/types/api/client.d.ts   (`quanttrade/client`)
//   daemon/src/strategy-api/index.ts, indicators.ts -> dist/types/strategy-api/*.d.ts
//                                       (`quanttrade/strategy`, `quanttrade/indicators`: what user
//                                        strategies import, for completion in an editor)
//
// tsc emits declarations for everything the entry points import (~220 files, the whole daemon),
// but the declarations of the client reach only a few dozen of them: only those are shipped.
// The sources import extensionless paths (moduleResolution Bundler); a package's declarations
// must also type-check under NodeNext, which wants the file a relative import names, so every
// relative specifier is rewritten to its `.js` form (`./router` -> `./router.js`,
// `../strategies` -> `../strategies/index.js`), which both resolutions map to the `.d.ts`.
//
// To publish another entry point (e.g. the strategy API as `quanttrade/strategy`), add it to
// ENTRY_POINTS and to "exports" in package.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sourceRoot = join(root, 'daemon/src');
const outRoot = join(root, 'dist/types');

/** Source entry points, relative to daemon/src. */
export const ENTRY_POINTS = ['api/client.ts', 'strategy-api/index.ts', 'strategy-api/indicators.ts'];

// Every way a declaration file names another module.
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bdeclare\s+module\s+)(['"])([^'"]+)\2/g;

function emitDeclarations(tmp) {
  const config = {
    extends: join(root, 'tsconfig.json'),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      outDir: join(tmp, 'out'),
      rootDir: sourceRoot,
      typeRoots: [join(root, 'node_modules/@types')],
    },
    include: [],
    files: ENTRY_POINTS.map((e) => join(sourceRoot, e)),
  };
  const configPath = join(tmp, 'tsconfig.json');
  writeFileSync(configPath, JSON.stringify(config));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', configPath], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`tsc could not emit declarations (exit ${run.status})`);
  return join(tmp, 'out');
}

function resolveRelative(emitted, fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier.replace(/\.js$/, ''));
  if (existsSync(`${base}.d.ts`))
    return { file: `${base}.d.ts`, rewritten: `${specifier.replace(/\.js$/, '')}.js` };
  const index = join(base, 'index.d.ts');
  if (existsSync(index)) return { file: index, rewritten: `${specifier.replace(/\/$/, '')}/index.js` };
  throw new Error(`${relative(emitted, fromFile)}: cannot resolve ${specifier}`);
}

/** Copies the declarations reachable from the entry points, with `.js` specifiers. */
function copyReachable(emitted) {
  const pending = ENTRY_POINTS.map((e) => join(emitted, e.replace(/\.ts$/, '.d.ts')));
  const done = new Set();
  while (pending.length) {
    const file = pending.pop();
    if (done.has(file)) continue;
    done.add(file);
    const text = readFileSync(file, 'utf8').replace(SPECIFIER, (match, lead, quote, specifier) => {
      if (!specifier.startsWith('.')) return match;
      const target = resolveRelative(emitted, file, specifier);
      pending.push(target.file);
      return `${lead}${quote}${target.rewritten}${quote}`;
    });
    const out = join(outRoot, relative(emitted, file));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
  return done.size;
}

const started = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'quanttrade-types-'));
try {
  rmSync(outRoot, { recursive: true, force: true });
  const count = copyReachable(emitDeclarations(tmp));
  console.log(`built types: ${count} declaration files in dist/types in ${Date.now() - started} ms`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
