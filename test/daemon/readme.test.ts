// The README is the operator's contract: the two quick-start commands, and every option. It and
// docs/*.md also name commands, npm scripts and files, which must exist under those names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../daemon/src/cli/commands/index';
import { OPTIONS } from '../../daemon/src/config/options';
import { packageRoot } from '../../daemon/src/config/package-root';

const root = packageRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
].map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));

/** `a/{b,c}.ts` → a/b.ts, a/c.ts */
function expandBraces(path: string): string[] {
  const m = /^(.*)\{([^}]*)\}(.*)$/.exec(path);
  return m ? m[2]!.split(',').flatMap((part) => expandBraces(`${m[1]}${part}${m[3]}`)) : [path];
}

describe('README', () => {
  it('documents every configuration option with its flag', () => {
    const missing = Object.values(OPTIONS).filter(
      (spec) => !readme.includes(`\`${spec.env}\``) || !readme.includes(`\`--${spec.flag}\``),
    );
    expect(missing.map((s) => s.env)).toEqual([]);
  });

  it('has the two quick-start commands, and CI runs the same test command', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Configuration'));
    const commands = [...quickStart.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1]!.trim());
    expect(commands).toEqual(['npm install && npm start', 'npm test']);
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('lists every quanttrade command in its command table, and no other', () => {
    const table = readme.slice(readme.indexOf('### Commands'), readme.indexOf('### Users'));
    const named = new Set([...table.matchAll(/^\| `quanttrade ([a-z]+)/gm)].map((m) => m[1]));
    expect([...named].sort()).toEqual(commands.map((c) => c.name).sort());
  });
});

describe('README and docs/*.md', () => {
  it('name only npm scripts that exist', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: object }).scripts,
    );
    const unknown = docs.flatMap(({ file, text }) =>
      [...text.matchAll(/npm run ([a-z:-]+)/g)]
        .filter((m) => !scripts.includes(m[1]!))
        .map((m) => `${file}: npm run ${m[1]}`),
    );
    expect(unknown).toEqual([]);
  });

  it('name only files that exist', () => {
    // Paths from the top of the repository, in backticks: `daemon/src/api/client.ts`,
    // `daemon/src/db/{sql-console,table-browser}.ts`. Patterns (NAME, *, <…>) are not paths.
    const path = /`((?:daemon|console|scripts|test|sql|dashboards|docs|bin)\/[\w./{},-]+)`/g;
    const missing = docs.flatMap(({ file, text }) =>
      [...text.matchAll(path)]
        .flatMap((m) => expandBraces(m[1]!.replace(/\/$/, '')))
        .filter((p) => !/NAME|\*/.test(p) && !existsSync(join(root, p)))
        .map((p) => `${file}: ${p}`),
    );
    expect(missing).toEqual([]);
  });
});
