// Which file market.importFile may read. Only files inside the configured import directory
// (QUANTTRADE_IMPORT_DIR; unset: file imports are off, uploads only), judged after resolving
// every symbolic link, and never anything in the data directory or the embedded PostgreSQL's
// data (an admin path of <home>/postgres.json once put the superuser password into an error every
// viewer could read). Checked when the import is asked for and again when the job reads it.
import { existsSync, readFileSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { AppError, validationError } from '../core/errors';

export interface ImportPlaces {
  /** QUANTTRADE_IMPORT_DIR, absolute; undefined when file imports are off. */
  importDir: string | undefined;
  /** QUANTTRADE_HOME, absolute. */
  home: string;
}

function inside(path: string, dir: string): boolean {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The embedded PostgreSQL's data directory, when it lives outside home (recorded in postgres.json). */
function embeddedDataDir(home: string): string | undefined {
  const file = join(home, 'postgres.json');
  if (!existsSync(file)) return undefined;
  try {
    const dataDir = (JSON.parse(readFileSync(file, 'utf8')) as { dataDir?: unknown }).dataDir;
    return typeof dataDir === 'string' ? dataDir : undefined;
  } catch {
    return undefined;
  }
}

async function real(path: string): Promise<string | undefined> {
  return realpath(path).catch(() => undefined);
}

/** The real path of an importable file, or a VALIDATION_FAILED naming the path and why. */
export async function resolveImportPath(places: ImportPlaces, requested: string): Promise<string> {
  const refuse = (expected: string) => validationError([{ path: 'path', value: requested, expected }]);
  if (!places.importDir) {
    throw new AppError(
      'VALIDATION_FAILED',
      'file imports are disabled on this daemon: set QUANTTRADE_IMPORT_DIR to a directory of CSV files, or upload the CSV with market.import',
      { issues: [{ path: 'path', expected: 'no file path (file imports are disabled)' }] },
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(requested)) throw refuse('a file name without control characters');
  const base = await real(places.importDir);
  if (!base) throw refuse(`a file in the import directory ${places.importDir}, which does not exist`);
  const target = await real(resolve(places.importDir, requested));
  if (!target) throw refuse(`an existing file in the import directory ${places.importDir}`);
  if (!inside(target, base)) throw refuse(`a file inside the import directory ${places.importDir}`);
  const forbidden = [await real(places.home), embeddedDataDir(places.home)].filter((d): d is string => !!d);
  if (forbidden.some((dir) => inside(target, dir))) throw refuse('a file outside the data directory');
  const info = await stat(target);
  if (!info.isFile()) throw refuse('a regular CSV file');
  return target;
}
