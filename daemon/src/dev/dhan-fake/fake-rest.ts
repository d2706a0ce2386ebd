// The fake Dhan's REST front door: the documented base path (/v2), `access-token` checked on
// every call (DH-901 with HTTP 401 when expired or unknown), Dhan's per-second limits enforced
// per category (DH-904 with HTTP 429), queued faults applied, and every request recorded so a
// test can count what reached the broker and when.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeBroker } from './fake-broker';
import { createAccountRoutes, killSwitchAnswer, type AccountRouteOptions } from './fake-account-routes';
import { DHAN_ERROR_BODIES, type FaultQueue } from './fake-faults';
import { createOrderRoutes, dhanError, type FakeAnswer, type OrderRouteOptions } from './fake-order-routes';
import type { TokenAuthority } from './fake-tokens';

export type FakeCategory = 'orders' | 'data' | 'quotes' | 'others';

export interface RecordedRequest {
  method: string;
  path: string;
  category: FakeCategory;
  at: number;
  /** The answer's status (0 when the connection was cut). */
  status: number;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface FakeRestOptions extends OrderRouteOptions, AccountRouteOptions {
  /** Answer 429 when a category's per-second limit is exceeded (default true). */
  enforceLimits: boolean;
  perSecond: Record<FakeCategory, number>;
}

export function categoryOf(method: string, path: string): FakeCategory {
  if (method !== 'GET' && path.startsWith('/orders')) return 'orders';
  if (path.startsWith('/charts')) return 'data';
  if (path.startsWith('/marketfeed')) return 'quotes';
  return 'others';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

export function createFakeRest(deps: {
  broker: FakeBroker;
  tokens: TokenAuthority;
  faults: FaultQueue;
  options: FakeRestOptions;
}) {
  const { broker, tokens, faults, options } = deps;
  const orders = createOrderRoutes(broker, options);
  const account = createAccountRoutes(broker, tokens, options);
  const requests: RecordedRequest[] = [];

  function overLimit(category: FakeCategory, at: number): boolean {
    if (!options.enforceLimits) return false;
    const recent = requests.filter(
      (r) => r.category === category && r.status !== 429 && r.at > at - 1000,
    ).length;
    return recent >= options.perSecond[category];
  }

  function answer(
    method: string,
    path: string,
    url: URL,
    body: Record<string, unknown>,
    token: string,
  ): FakeAnswer {
    if (method === 'POST' && path === '/killswitch')
      return killSwitchAnswer(broker, url.searchParams.get('killSwitchStatus'));
    const result = orders(method, path, body) ?? account(method, path, body, token);
    return (
      result ?? {
        status: 404,
        body: { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path: `/v2${path}` },
      }
    );
  }

  function send(res: ServerResponse, a: FakeAnswer) {
    if (res.destroyed) return;
    const text = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/v2(?=\/)/, '');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      if (text) body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(res, dhanError(400, 'DH-905', 'Input_Exception', 'Malformed JSON body'));
    }
    const category = categoryOf(method, path);
    const record: RecordedRequest = {
      method,
      path,
      category,
      at: Date.now(),
      status: 0,
      body,
      headers: req.headers,
    };
    const token = String(req.headers['access-token'] ?? '');
    const auth = tokens.check(token);
    const reply = (a: FakeAnswer) => ((record.status = a.status), send(res, a));
    if (overLimit(category, record.at)) {
      requests.push(record);
      return reply({ status: 429, body: DHAN_ERROR_BODIES[429] });
    }
    requests.push(record);
    if (!auth.ok || auth.clientId !== broker.clientId)
      return reply({ status: 401, body: DHAN_ERROR_BODIES[401] });
    if (body.dhanClientId !== undefined && body.dhanClientId !== broker.clientId)
      return reply(dhanError(400, 'DH-905', 'Input_Exception', 'dhanClientId does not match the token'));
    const fault = faults.take(`${method} ${path}`);
    if (!fault) return reply(answer(method, path, url, body, token));
    const acted = fault.act || fault.kind === 'delay' ? answer(method, path, url, body, token) : undefined;
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> =
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
        return reply({
          status: fault.status,
          body: fault.body ?? DHAN_ERROR_BODIES[fault.status] ?? 'error',
          headers,
        });
      }
      case 'delay':
        record.status = acted!.status;
        setTimeout(() => send(res, acted!), fault.ms);
        return;
      case 'drop':
        record.status = 0;
        req.socket.destroy();
        return;
      case 'garbage':
        return reply({ status: 200, body: fault.body });
    }
  }

  return {
    handle: (req: IncomingMessage, res: ServerResponse) => {
      handle(req, res).catch((err: Error) =>
        send(res, {
          status: 500,
          body: { errorType: 'Internal_Server_Error', errorCode: 'DH-908', errorMessage: err.message },
        }),
      );
    },
    requests,
  };
}
