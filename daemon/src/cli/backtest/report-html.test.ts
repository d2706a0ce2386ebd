import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../config/package-root';

function json(file: string) {
  return JSON.parse(readFileSync(join(packageRoot(), file), 'utf8'));
}

describe('the --html report', () => {
  // renderHtmlReport reads node_modules/uplot/dist/* when it runs, and the Docker image keeps
  // only production dependencies (`npm prune --omit=dev`): as a dev dependency, --html breaks there.
  it('inlines uPlot from a production dependency', () => {
    const pkg = json('package.json');
    const lock = json('package-lock.json');
    expect(pkg.dependencies.uplot).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies?.uplot).toBeUndefined();
    expect(lock.packages[''].dependencies.uplot).toBe(pkg.dependencies.uplot);
    expect(lock.packages['node_modules/uplot'].dev).toBeUndefined();
    expect(lock.packages['node_modules/uplot'].version).toBe(pkg.dependencies.uplot);
  });
});
