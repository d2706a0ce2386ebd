// The console's size budget (issues 6 and 14): what each page downloads — the shell plus the
// page's lazy chunk and its imports, JavaScript and CSS — gzipped at level 9 as a server or CDN
// would serve them. Every page, the first one (the overview) included, must stay within 80 KB.
// `npm run bench` builds the console first.
import { join } from 'node:path';
import { packageRoot } from '../../daemon/src/config/package-root';
import { BUDGET_BYTES, pageSizes } from '../console-bundle-size';
import { emit } from './emit';

const sizes = pageSizes(join(packageRoot(), 'console/dist'));
for (const s of sizes) console.error(`  ${s.page}: ${s.gzippedBytes} B gzipped (${s.files.length} files)`);
const first = sizes.find((s) => s.page.includes('overview'))!;
const largest = sizes.reduce((a, b) => (b.gzippedBytes > a.gzippedBytes ? b : a));
emit({
  bench: 'console.bundle',
  metric: 'firstPageGzippedBytes',
  value: first.gzippedBytes,
  unit: 'bytes',
  target: `<= ${BUDGET_BYTES} (80 KB)`,
  meetsTarget: first.gzippedBytes <= BUDGET_BYTES,
  notes: `the overview, signed in: ${first.files.length} files (${(first.gzippedBytes / 1024).toFixed(1)} KB gzipped)`,
});
emit({
  bench: 'console.bundle',
  metric: 'largestPageGzippedBytes',
  value: largest.gzippedBytes,
  unit: 'bytes',
  target: `<= ${BUDGET_BYTES} (80 KB)`,
  meetsTarget: largest.gzippedBytes <= BUDGET_BYTES,
  notes: `${largest.page} (${(largest.gzippedBytes / 1024).toFixed(1)} KB gzipped); ${sizes.length - 1} pages`,
});
