// Serves the console (console/dist, built by Vite) at /, with a fallback to index.html for
// client-side routes. Without a build, a small placeholder page says how to build it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PLACEHOLDER_CSP, placeholderPage } from './placeholder-page';

/** Paths that belong to the daemon, never to the console's router. */
const API_PREFIXES = ['/trpc', '/api', '/openapi.json', '/docs', '/healthz', '/readyz', '/metrics'];

export async function registerConsole(
  app: FastifyInstance,
  options: { dir: string; version: string },
): Promise<void> {
  const hasBuild = existsSync(join(options.dir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: options.dir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  } else {
    app.get('/', (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PLACEHOLDER_CSP)
        .send(placeholderPage(options.version)),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const isApi = API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (isApi || !wantsHtml) {
      return reply.code(404).send({ error: 'not found', path });
    }
    if (hasBuild) return reply.sendFile('index.html');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PLACEHOLDER_CSP)
      .send(placeholderPage(options.version));
  });
}
