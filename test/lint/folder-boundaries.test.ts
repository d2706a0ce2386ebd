// The folder rules (scripts/lint/folder-boundaries.js) run by ESLint over small source trees
// written for each case: cycles of two and three folders are refused at every import that closes
// them, however deep the importing file; pure folders may not import adapters; core imports no
// other folder; an acyclic tree and test files pass.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';
import folders from '../../scripts/lint/folder-boundaries.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path under src/ → source) and lints them; returns "file:line rule message" lines. */
async function lint(files: Record<string, string>): Promise<string[]> {
  const cwd = mkdtempSync(join(tmpdir(), 'qt-folders-'));
  made.push(cwd);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, 'src', path)), { recursive: true });
    writeFileSync(join(cwd, 'src', path), text);
  }
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['src/**/*.ts'],
        ignores: ['**/*.test.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { folders },
        rules: {
          'folders/boundaries': ['error', { root: 'src', pure: ['core', 'engine'], selfContained: ['core'] }],
          'folders/no-cycles': ['error', { root: 'src' }],
        },
      },
    ],
  });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  return results
    .flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(cwd.length + 5)}:${m.line} ${m.ruleId} ${m.message}`),
    )
    .sort();
}

describe('folders/no-cycles', () => {
  it('refuses a cycle between two folders at both imports, naming the way back', async () => {
    const problems = await lint({
      'jobs/runner.ts': `import { run } from '../backtests/handler';\nexport const runner = run;\n`,
      'backtests/handler.ts': `\nimport type { Queue } from '../jobs/queue';\nexport const run = (q: Queue) => q;\n`,
      'jobs/queue.ts': `export type Queue = string;\n`,
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^backtests\/handler\.ts:2 folders\/no-cycles Folder cycle backtests → jobs → backtests: /,
    );
    expect(problems[0]).toContain(`(jobs/runner.ts imports '../backtests/handler')`);
    expect(problems[1]).toMatch(
      /^jobs\/runner\.ts:1 folders\/no-cycles Folder cycle jobs → backtests → jobs: /,
    );
    expect(problems[1]).toContain(`(backtests/handler.ts imports '../jobs/queue')`);
  });

  it('finds a three-folder cycle through nested files, re-exports and type-only imports', async () => {
    const problems = await lint({
      'market/sources/deep/client.ts': `export * from '../../../config/options';\n`,
      'config/options.ts': `import type { Hook } from '../cli/hooks';\nexport type Options = Hook;\n`,
      'cli/hooks.ts': `export type Hook = import('../market/sources/deep/client').Options;\n`,
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain('Folder cycle market → config → cli → market');
    expect(problems.join('\n')).toContain('Folder cycle cli → market → config → cli');
    expect(problems.join('\n')).toContain('Folder cycle config → cli → market → config');
  });

  it('passes an acyclic tree, and ignores test files and imports outside the root', async () => {
    const problems = await lint({
      'jobs/queue.ts': `export type Queue = string;\n`,
      'backtests/handler.ts': `import type { Queue } from '../jobs/queue';\nexport const run = (q: Queue) => q;\n`,
      'cli/main.ts': `import { run } from '../backtests/handler';\nimport '../../outside';\nrun('x');\n`,
      'jobs/queue.test.ts': `import { run } from '../backtests/handler';\nrun('x');\n`,
    });
    expect(problems).toEqual([]);
  });
});

describe('folders/boundaries', () => {
  it('refuses a pure folder importing an adapter (any folder not listed as pure)', async () => {
    const problems = await lint({
      'engine/loop.ts': `import { tick } from '../core/time';\nimport { read } from '../strategy-library/store';\nexport const go = () => tick(read());\n`,
      'core/time.ts': `export const tick = (n: number) => n;\n`,
      'strategy-library/store.ts': `export const read = () => 1;\n`,
    });
    expect(problems).toEqual([
      "engine/loop.ts:2 folders/boundaries engine is pure and may not import the adapter strategy-library ('../strategy-library/store'): dependencies point inward; inject a port instead.",
    ]);
  });

  it('refuses core importing any other folder, even a pure one, from a nested file', async () => {
    const problems = await lint({
      'core/calendar/days.ts': `import { go } from '../../engine/loop';\nimport { tick } from '../time';\nexport const days = () => tick(go());\n`,
      'core/time.ts': `export const tick = (n: number) => n;\n`,
      'engine/loop.ts': `export const go = () => 1;\n`,
    });
    expect(problems).toEqual([
      "core/calendar/days.ts:1 folders/boundaries core imports no other folder (everything builds on it), but this imports engine ('../../engine/loop').",
    ]);
  });
});
