// The REST surface (/api, /openapi.json, /docs): the document is valid OpenAPI 3.1 and describes
// every query and mutation; REST calls reach the same procedures with the same roles, row-level
// security and input validation as tRPC; and nothing a client sends gets a 500.
import { Validator } from '@seriousme/openapi-schema-validator';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restOperations } from '../../daemon/src/api/rest/rest-operations';
import { appRouter } from '../../daemon/src/api/router';
import { ROLE_RANK } from '../../daemon/src/api/trpc';
import { startTestDaemon, type TestDaemon, type TestUserName } from '../support/daemon';

let t: TestDaemon;
const operations = restOperations(appRouter);

async function rest(
  method: string,
  path: string,
  options: { as?: TestUserName; body?: unknown; rawBody?: string; contentType?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.as) headers.authorization = `Bearer ${t.users[options.as].token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, body });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof TRPCClientError) return (err.data as { code: string }).code;
    throw err;
  }
}

const strategy = {
  name: 'REST SMA',
  template: 'sma-cross',
  params: { fast: 5, slow: 20, size: 10 },
  universe: { symbols: ['DEMOBANK'], timeframe: '1d' },
  costs: { model: 'india-delivery' as const },
};

beforeAll(async () => {
  t = await startTestDaemon();
});
afterAll(() => t?.stop());

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and lists every query and mutation with a response schema', async () => {
    const { status, json } = await rest('GET', '/openapi.json');
    expect(status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(json);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Every $ref resolves.
    expect(() => validator.resolveRefs()).not.toThrow();
    expect(operations.length).toBeGreaterThan(30);
    for (const op of operations) {
      const item = json.paths[op.url]?.[op.method.toLowerCase()];
      expect(item, `${op.method} ${op.url}`).toBeDefined();
      expect(item['x-quanttrade-role']).toBe(op.role);
      const schema = item.responses['200'].content['application/json'].schema;
      expect(Object.keys(schema).length, `${op.procedure} has an empty response schema`).toBeGreaterThan(0);
    }
    const get = json.paths['/api/backtests/results'].get;
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'points', 'offset', 'limit']);
    expect(get.parameters[0]).toMatchObject({ required: true, schema: { type: 'integer' } });
    const submit = json.paths['/api/backtests/submit'].post;
    expect(submit.requestBody.required).toBe(true);
    expect(json.paths['/api/system/info'].get.security).toEqual([]);
  });
});

describe('REST calls', () => {
  it('calls three procedures: a public query, a mutation and a query with parameters', async () => {
    const info = await rest('GET', '/api/system/info');
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ name: 'quanttrade', databaseMode: expect.any(String) });

    const created = await rest('POST', '/api/strategies/create', { as: 'operator', body: strategy });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: 'REST SMA', current: { version: 1, template: 'sma-cross' } });

    const got = await rest('GET', `/api/strategies/get?id=${created.json.id}`, { as: 'operator' });
    expect(got.status).toBe(200);
    expect(got.json.versions).toHaveLength(1);
    // The same answer as the tRPC query gives.
    expect(got.json).toEqual(await t.api('operator').strategies.get.query({ id: created.json.id }));

    const list = await rest('GET', '/api/backtests/list?status=queued&status=running&limit=5', {
      as: 'operator',
    });
    expect(list.status).toBe(200);
    expect(list.json).toEqual({ total: 0, items: [] });
  });

  it('enforces every procedure’s role exactly as tRPC does', async () => {
    const mismatches: string[] = [];
    for (const op of operations) {
      const callers: (TestUserName | undefined)[] = [undefined, 'viewer', 'operator'];
      for (const as of callers) {
        const rank = as ? ROLE_RANK[t.users[as].role] : 0;
        const needed = ROLE_RANK[op.role!];
        if (rank >= needed) continue;
        // The role guard answers before the input is read: no input needed.
        const { status, json } = await rest(op.method, op.url, {
          as,
          body: op.method === 'POST' ? {} : undefined,
        });
        const expected = as ? 403 : 401;
        if (status !== expected) mismatches.push(`${op.procedure} as ${as ?? 'anonymous'}: ${status}`);
        else expect(json.error.code).toBe(as ? 'FORBIDDEN' : 'UNAUTHORIZED');
      }
    }
    expect(mismatches).toEqual([]);
    // And the same verdict through tRPC for a sample.
    expect(await trpcCode(t.api('viewer').strategies.create.mutate(strategy))).toBe('FORBIDDEN');
    expect((await rest('POST', '/api/strategies/create', { as: 'viewer', body: strategy })).status).toBe(403);
  });

  it('applies row-level security: another user’s row is not found, as over tRPC', async () => {
    const created = await rest('POST', '/api/strategies/create', {
      as: 'operator',
      body: { ...strategy, name: 'mine' },
    });
    const id = created.json.id as number;
    const other = await rest('GET', `/api/strategies/get?id=${id}`, { as: 'operator2' });
    expect(other.status).toBe(404);
    expect(other.json.error).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    expect(await trpcCode(t.api('operator2').strategies.get.query({ id }))).toBe('NOT_FOUND');
    const archived = await rest('POST', '/api/strategies/archive', { as: 'operator2', body: { id } });
    expect(archived.status).toBe(404);
    expect((await rest('GET', `/api/strategies/get?id=${id}`, { as: 'admin' })).status).toBe(200);
  });

  it('validates input with the procedure’s own schema and names the field, value and expectation', async () => {
    const bad = await rest('GET', '/api/strategies/get?id=abc', { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues).toEqual([expect.objectContaining({ path: 'id', value: 'abc' })]);
    const body = { ...strategy, params: { fast: 'ten' } };
    const viaRest = await rest('POST', '/api/strategies/create', { as: 'operator', body });
    expect(viaRest.status).toBe(400);
    let trpcMessage = '';
    try {
      await t.api('operator').strategies.create.mutate(body as never);
    } catch (err) {
      trpcMessage = (err as Error).message;
    }
    expect(viaRest.json.error.message).toBe(trpcMessage);
    expect(viaRest.json.error.message).toMatch(/params\.fast/);
  });

  it('answers malformed requests with 4xx JSON errors, never a 500', async () => {
    const cases: [string, Awaited<ReturnType<typeof rest>>, number][] = [
      [
        'broken JSON',
        await rest('POST', '/api/strategies/create', { as: 'operator', rawBody: '{"name":' }),
        400,
      ],
      ['JSON array', await rest('POST', '/api/strategies/create', { as: 'operator', body: [1, 2] }), 400],
      ['JSON null', await rest('POST', '/api/tokens/revoke', { as: 'operator', rawBody: 'null' }), 400],
      [
        'text body',
        await rest('POST', '/api/tokens/revoke', {
          as: 'operator',
          rawBody: 'id=1',
          contentType: 'text/plain',
        }),
        400,
      ],
      [
        'XML body',
        await rest('POST', '/api/tokens/revoke', {
          as: 'operator',
          rawBody: '<id/>',
          contentType: 'application/xml',
        }),
        415,
      ],
      [
        'oversized body',
        await rest('POST', '/api/market/import', {
          as: 'operator',
          body: { symbol: 'X', csv: 'x'.repeat(5 * 1024 * 1024) },
        }),
        413,
      ],
      ['__proto__ parameter', await rest('GET', '/api/strategies/list?__proto__=1', { as: 'viewer' }), 400],
      ['repeated scalar', await rest('GET', '/api/backtests/get?id=1&id=2', { as: 'viewer' }), 400],
      ['huge number', await rest('GET', '/api/backtests/get?id=1e400', { as: 'viewer' }), 400],
      [
        'object where a scalar belongs',
        await rest('GET', '/api/strategies/list?limit={"a":1}', { as: 'viewer' }),
        400,
      ],
      [
        'broken JSON parameter',
        await rest('GET', '/api/database/rows?table=users&filter={', { as: 'admin' }),
        400,
      ],
      ['unknown path', await rest('GET', '/api/nope/nothing', { as: 'viewer' }), 404],
      ['query by POST', await rest('POST', '/api/system/health', { as: 'viewer', body: {} }), 405],
      ['mutation by GET', await rest('GET', '/api/backtests/submit', { as: 'operator' }), 405],
    ];
    for (const [what, response, status] of cases) {
      expect({ what, status: response.status }).toEqual({ what, status });
      expect(response.json?.error?.status, what).toBe(status);
    }
  });

  it('survives garbage in every parameter of every operation (as admin)', async () => {
    const garbage = ['', ' ', '-1', '1e309', 'null', '[]', '{}', '%00', 'ü'.repeat(300), '"', '{"$gt":1}'];
    const failures: string[] = [];
    for (const op of operations) {
      if (op.method === 'GET') {
        const doc = (await rest('GET', '/openapi.json')).json;
        const names: string[] = (doc.paths[op.url].get.parameters ?? []).map((p: { name: string }) => p.name);
        for (const name of names.length ? names : ['input']) {
          for (const value of garbage) {
            const r = await rest('GET', `${op.url}?${name}=${encodeURIComponent(value)}`, { as: 'admin' });
            if (r.status >= 500) failures.push(`${op.procedure} ${name}=${value}: ${r.status} ${r.text}`);
          }
        }
      } else {
        // Bodies that can never be valid input; auth.refresh takes none and may succeed.
        for (const raw of [
          '[]',
          '"x"',
          '42',
          '{"id":"1; DROP TABLE users"}',
          '{"__proto__":{"role":"admin"}}',
        ]) {
          const r = await rest('POST', op.url, { as: 'admin', rawBody: raw });
          if (r.status >= 500) failures.push(`${op.procedure} ${raw}: ${r.status} ${r.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('/docs', () => {
  it('serves an interactive reference that loads nothing from outside the daemon', async () => {
    const page = await rest('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const urls = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(2);
    for (const url of urls) {
      expect(url.startsWith('/docs/assets/'), url).toBe(true);
      const asset = await fetch(`${t.url}${url}`);
      expect(asset.status, url).toBe(200);
      await asset.arrayBuffer();
    }
    const init = await (await fetch(`${t.url}/docs/assets/init.js`)).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('validatorUrl: null');
  });
});
