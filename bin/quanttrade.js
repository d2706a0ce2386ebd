#!/usr/bin/env node
// The `quanttrade` command. The daemon is TypeScript bundled into dist/ by `npm run build`
// (`npm start` and `npm test` build first).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('quanttrade: dist/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}
const { main } = await import(cli);
await main(process.argv.slice(2));
