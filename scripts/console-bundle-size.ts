// What each console page downloads, gzipped (level 9, as a server or CDN would serve it): the
// entry chunk with its CSS and static imports, plus the page's own lazy chunk and everything it
// imports. Read from Vite's manifest (console/dist/.vite/manifest.json). The budget — 80 KB for
// any page, the first one included — is checked by test/console/bundle-size.test.ts and printed
// by `npm run bench -- console`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 80 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface PageSize {
  /** 'entry' (the shell alone), or the page's source path. */
  page: string;
  files: string[];
  gzippedBytes: number;
}

export function readManifest(dist: string): Record<string, ManifestChunk> {
  const path = join(dist, '.vite/manifest.json');
  if (!existsSync(path)) throw new Error(`no ${path}: run \`npm run build\` first`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, ManifestChunk>;
}

/** Files a chunk needs before it runs: itself, its CSS, and its static imports, recursively. */
function closure(manifest: Record<string, ManifestChunk>, key: string, out = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || out.has(chunk.file)) return out;
  out.add(chunk.file);
  for (const css of chunk.css ?? []) out.add(css);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, out);
  return out;
}

export function pageSizes(dist: string): PageSize[] {
  const manifest = readManifest(dist);
  const gzipped = new Map<string, number>();
  const size = (file: string) => {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
    return gzipped.get(file)!;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entryKey) throw new Error('the console manifest has no entry chunk');
  const entry = closure(manifest, entryKey);
  const result = (page: string, files: Set<string>): PageSize => ({
    page,
    files: [...files].sort(),
    gzippedBytes: [...files].reduce((n, f) => n + size(f), 0),
  });
  const pages = Object.keys(manifest)
    .filter((k) => manifest[k]!.isDynamicEntry)
    .map((k) => result(k, closure(manifest, k, new Set(entry))));
  return [result('entry', entry), ...pages];
}
