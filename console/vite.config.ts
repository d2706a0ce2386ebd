// Builds the ops console into console/dist (served by the daemon at /) and runs the dev server.
// Dev: `npm run console:dev` serves with hot reload and proxies the API to a running daemon
// (QUANTTRADE_URL, default http://127.0.0.1:8080), WebSocket subscriptions included.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const daemon = process.env.QUANTTRADE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Vite 8 transforms with oxc: the automatic JSX runtime from Preact, no React, no Babel.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // The manifest maps each page to its chunks: the size check (test/console/bundle-size.test.ts and
    // npm run bench -- console) adds up what each page downloads.
    manifest: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/trpc': { target: daemon, ws: true, changeOrigin: true },
      '/healthz': daemon,
      '/readyz': daemon,
      '/metrics': daemon,
      '/api': daemon,
    },
  },
});
