// HTTP hygiene: security headers on every response (a Content-Security-Policy fitted to the
// console, no sniffing, no referrer, no framing), no caching of API answers, no Node version for
// anonymous callers, and /metrics behind its token whenever the daemon listens beyond loopback.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let database: TestDatabase;
let local: TestDaemon;
let exposed: TestDaemon;
let placeholder: TestDaemon;
const consoleDir = mkdtempSync(join(tmpdir(), 'qt-csp-'));

beforeAll(async () => {
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
  database = await createTestDatabase();
  [local, exposed, placeholder] = await Promise.all([
    startTestDaemon({ database, config: { consoleDir } }),
    startTestDaemon({ database, config: { consoleDir, host: '0.0.0.0' } }),
    startTestDaemon({ database, config: { consoleDir: join(consoleDir, 'missing') } }),
  ]);
});
afterAll(async () => {
  await Promise.all([local?.stop(), exposed?.stop(), placeholder?.stop()]);
  await database?.drop();
  rmSync(consoleDir, { recursive: true, force: true });
});

function csp(response: Response): Record<string, string> {
  const header = response.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe('security headers', () => {
  it('serves the console with a policy that allows only its own scripts, styles and socket', async () => {
    const page = await fetch(`${local.url}/`);
    expect(page.status).toBe(200);
    expect(csp(page)).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it("lets the placeholder page's own inline style in by its hash, nothing else inline", async () => {
    const page = await fetch(`${placeholder.url}/`);
    const html = await page.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    expect(csp(page)['style-src']).toBe(hash);
    expect(csp(page)['script-src']).toBe("'none'");
  });

  it('marks API answers, errors and ops endpoints as not to be stored', async () => {
    for (const path of [
      '/trpc/system.info',
      '/trpc/system.health',
      '/trpc/nope',
      '/readyz',
      '/healthz',
      '/metrics',
    ]) {
      const answer = await fetch(`${local.url}${path}`);
      expect(answer.headers.get('cache-control'), path).toBe('no-store');
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('disclosure', () => {
  it('tells anonymous callers no Node version; signed-in callers see it', async () => {
    const anonymous = await local.api().system.info.query();
    expect(anonymous).not.toHaveProperty('node');
    expect(JSON.stringify(anonymous)).not.toContain(process.version);
    const viewer = await local.api('viewer').system.info.query();
    expect(viewer.node).toBe(process.version);
  });
});

describe('/metrics beyond loopback', () => {
  it('is open on loopback without a token', async () => {
    expect((await fetch(`${local.url}/metrics`)).status).toBe(200);
  });

  it('refuses without a configured token when the daemon listens on every interface', async () => {
    const answer = await fetch(`${exposed.url.replace('0.0.0.0', '127.0.0.1')}/metrics`);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('QUANTTRADE_METRICS_TOKEN');
  });
});
