#!/usr/bin/env node
// The `quanttrade` command. The daemon is TypeScript bundled into dist/ by `npm run build`
// (`npm start` and `npm test` build first). `quanttrade backtest --csv …` runs from
// dist/backtest.cjs and V8's code cache (bin/run-cached-bundle.cjs) because its start-up time is
// part of what users time; QUANTTRADE_BACKTEST_BUNDLE=0 runs it through dist/cli.js instead.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const backtestBundle = fileURLToPath(new URL('../dist/backtest.cjs', import.meta.url));
const csvBacktest = args[0] === 'backtest' && args.some((a) => a === '--csv' || a.startsWith('--csv='));

if (csvBacktest && process.env.QUANTTRADE_BACKTEST_BUNDLE !== '0' && existsSync(backtestBundle)) {
  const { loadCachedBundle } = createRequire(import.meta.url)('./run-cached-bundle.cjs');
  const bundle = loadCachedBundle(backtestBundle);
  await bundle.exports.main(args.slice(1));
  if (process.env.QUANTTRADE_WRITE_CODE_CACHE === '1') bundle.writeCache();
} else {
  if (!existsSync(cli)) {
    console.error('quanttrade: dist/cli.js is missing; run `npm run build` first.');
    process.exit(1);
  }
  const { main } = await import(cli);
  await main(args);
}
