// `quanttrade strategy init NAME [--from TEMPLATE]`: writes an editable strategy file — one of the
// built-in templates written as user code (daemon/src/strategy-api/examples, shipped in
// dist/sandbox/examples) — with its name set, ready for `backtest --strategy-file` and `push`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { packageRoot } from '../../config/package-root';
import { UsageError } from '../command';

function examplesDir(): string {
  return join(packageRoot(), 'dist', 'sandbox', 'examples');
}

export function exampleNames(): string[] {
  const dir = examplesDir();
  if (!existsSync(dir))
    throw new UsageError(`the strategy examples are not built (${dir}); run \`npm run build\``);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

/** Writes the file; returns its path. `name` may end in .ts or .js (the default is .ts). */
export function initStrategy(name: string, from: string, force: boolean): string {
  const names = exampleNames();
  if (!names.includes(from))
    throw new UsageError(`--from: got ${JSON.stringify(from)}, expected one of ${names.join(', ')}`);
  const file = extname(name) === '' ? `${name}.ts` : name;
  const id = basename(file, extname(file));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id))
    throw new UsageError(
      `NAME: got ${JSON.stringify(name)}, expected letters, digits, '.', '_' or '-' (at most 100)`,
    );
  if (existsSync(file) && !force) throw new UsageError(`${file} exists; --force overwrites it`);
  const example = readFileSync(join(examplesDir(), `${from}.ts`), 'utf8');
  const source = example.replace(`name: '${from}'`, `name: '${id}'`);
  // The examples carry no type annotations (the API infers them), so a .js file is the same text.
  writeFileSync(file, source);
  return file;
}
