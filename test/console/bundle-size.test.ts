// The console stays small (issue 14): the first page (the overview, with the shell) and every
// other page — the shell plus that page's lazy chunk and its imports — within 80 KB gzipped. The
// pages are lazy chunks: the shell alone must not carry them.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { BUDGET_BYTES, pageSizes, type PageSize } from '../../scripts/console-bundle-size';
import { ensureBuilt } from '../support/spawn-daemon';

let sizes: PageSize[];

beforeAll(() => {
  ensureBuilt();
  sizes = pageSizes(join(packageRoot(), 'console/dist'));
});

describe('console bundle size', () => {
  it('loads every page as its own chunk', () => {
    const pages = sizes.filter((s) => s.page !== 'entry').map((s) => s.page);
    for (const page of ['overview', 'backtests', 'market', 'notifications', 'account', 'database'])
      expect(pages.some((p) => p.includes(`/${page}/`))).toBe(true);
    const entry = sizes.find((s) => s.page === 'entry')!;
    expect(entry.files.some((f) => /backtests-page|market-page|database-page/.test(f))).toBe(false);
  });

  it('keeps the first page and every lazy page within 80 KB gzipped', () => {
    const over = sizes
      .filter((s) => s.gzippedBytes > BUDGET_BYTES)
      .map((s) => `${s.page}: ${s.gzippedBytes} B`);
    expect(over).toEqual([]);
    const first = sizes.find((s) => s.page.includes('/overview/'))!;
    expect(first.gzippedBytes).toBeGreaterThan(10_000); // it measured something real
  });
});
