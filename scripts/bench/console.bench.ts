// The console's size budget (issue 6): every JavaScript and CSS file in console/dist, gzipped
// at level 9 as a server or CDN would serve them. `npm run bench` builds the console first.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packageRoot } from '../../daemon/src/config/package-root';
import { emit } from './emit';

const BUDGET_BYTES = 80 * 1024;
const dist = join(packageRoot(), 'console/dist');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const assets = files(dist).filter((f) => /\.(js|css)$/.test(f));
if (assets.length === 0) {
  console.error(`no JavaScript or CSS in ${dist}: run \`npm run build\` first`);
  process.exit(1);
}
let raw = 0;
let gzipped = 0;
for (const file of assets) {
  const bytes = readFileSync(file);
  const packed = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += packed;
  console.error(`  ${relative(dist, file)}: ${bytes.length} B, ${packed} B gzipped`);
}
emit({
  bench: 'console.bundle',
  metric: 'gzippedBytes',
  value: gzipped,
  unit: 'bytes',
  target: `<= ${BUDGET_BYTES} (80 KB)`,
  meetsTarget: gzipped <= BUDGET_BYTES,
  notes: `${assets.length} JS/CSS files, ${raw} bytes before gzip (${(gzipped / 1024).toFixed(1)} KB gzipped)`,
});
