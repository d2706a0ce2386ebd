// Headers every response carries. The Content-Security-Policy fits the console as Vite builds it:
// its own scripts and stylesheets only (no inline script, no eval), its own API and WebSocket
// (connect-src 'self' covers ws: on the same host), data: images (the favicon), nothing framed,
// no <base> or plugins. A page with other needs sets its own (the API reference at /docs). API
// and ops answers are never cached (tokens, balances, health).
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A policy for a page whose only inline content is one <style> block. */
export function inlineStylePolicy(style: string): string {
  const hash = createHash('sha256').update(style).digest('base64');
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src 'sha256-${hash}'`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const API_PREFIXES = ['/trpc', '/api', '/openapi.json', '/healthz', '/readyz', '/metrics'];

function isApi(url: string): boolean {
  const path = url.split('?')[0]!;
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (isApi(request.url)) reply.header('cache-control', 'no-store');
  });
}
