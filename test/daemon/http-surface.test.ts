// What the HTTP server serves besides tRPC: the console (or its placeholder) with client-side
// routing fallback, and what a daemon without the api role leaves out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let database: TestDatabase;
let withConsole: TestDaemon;
let workerOnly: TestDaemon;
let placeholder: TestDaemon;
let consoleDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  consoleDir = mkdtempSync(join(tmpdir(), 'qt-console-'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
  writeFileSync(join(consoleDir, 'app.js'), 'console.log(1)');
  [withConsole, workerOnly, placeholder] = await Promise.all([
    startTestDaemon({ database, config: { consoleDir } }),
    startTestDaemon({ database, config: { roles: ['worker'] } }),
    startTestDaemon({ database, config: { consoleDir: join(consoleDir, 'missing') } }),
  ]);
});
afterAll(async () => {
  await Promise.all([withConsole?.stop(), workerOnly?.stop(), placeholder?.stop()]);
  await database?.drop();
  rmSync(consoleDir, { recursive: true, force: true });
});

describe('console', () => {
  it('serves the built console and falls back to index.html for client-side routes', async () => {
    const server = withConsole.url;
    expect(await (await fetch(`${server}/`)).text()).toContain('<title>console</title>');
    expect(await (await fetch(`${server}/app.js`)).text()).toBe('console.log(1)');
    const route = await fetch(`${server}/backtests/42`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app">');
  });

  it('answers unknown API paths and non-HTML requests with a JSON 404', async () => {
    const api = await fetch(`${withConsole.url}/trpc-nope/x`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    const missing = await fetch(`${withConsole.url}/metrics/extra`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not found' });
  });

  it('serves a placeholder page when the console is not built', async () => {
    const page = await fetch(`${placeholder.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The console has not been built yet');
  });
});

describe('roles', () => {
  it('a worker-only daemon serves health and metrics but no API or console', async () => {
    expect((await fetch(`${workerOnly.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${workerOnly.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${workerOnly.url}/trpc/system.info`)).status).toBe(404);
    expect((await fetch(`${workerOnly.url}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });
});
