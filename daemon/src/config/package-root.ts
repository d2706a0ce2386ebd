// Locates files shipped with the package (sql/, console/dist/, dist/workers/) from wherever the
// code runs: bundled in dist/, or as TypeScript source under vitest.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding quanttrade's package.json. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'quanttrade') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the quanttrade package root');
    dir = parent;
  }
}

/** The package version from package.json. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

/** Path of a bundled worker-thread entry point (`daemon/src/**\/NAME.worker.ts` → dist/workers/NAME.js). */
export function workerPath(name: string): string {
  const file = join(packageRoot(), 'dist', 'workers', `${name}.js`);
  if (!existsSync(file)) throw new Error(`worker ${name} is not built (${file}); run \`npm run build\``);
  return file;
}
