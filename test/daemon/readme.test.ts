// The README is the operator's contract: the two quick-start commands, and every option.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../daemon/src/config/options';
import { packageRoot } from '../../daemon/src/config/package-root';

const root = packageRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

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
});
