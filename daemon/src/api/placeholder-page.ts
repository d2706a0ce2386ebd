// The page served at / when console/dist has not been built. Its one inline <style> is allowed
// by hash in its Content-Security-Policy (PLACEHOLDER_CSP); it has no script.
import { inlineStylePolicy } from './http-headers';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1d2330; }
  code { background: #eef1f5; padding: 0.1rem 0.3rem; border-radius: 3px; }
  @media (prefers-color-scheme: dark) { body { background: #12151b; color: #dde3ec; } code { background: #232833; } }
`;

export const PLACEHOLDER_CSP = inlineStylePolicy(STYLE);

export function placeholderPage(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>QuantTrade</title>
<style>${STYLE}</style>
</head>
<body>
<h1>QuantTrade daemon ${escapeHtml(version)}</h1>
<p>The daemon is running. The console has not been built yet: run <code>npm run build</code>
and reload this page.</p>
<ul>
  <li><a href="/healthz">/healthz</a> — liveness</li>
  <li><a href="/readyz">/readyz</a> — readiness</li>
  <li><a href="/metrics">/metrics</a> — Prometheus metrics</li>
  <li><code>/trpc</code> — the typed API (<code>import { createClient } from 'quanttrade/client'</code>)</li>
</ul>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
