// A real HTTP server on 127.0.0.1 (port 0) for tests of network clients (market sources): each
// test queues the responses the "remote API" gives, and reads back the requests it received.
// useFakeHttpServer() gives a test file one server with the usual lifecycle.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
}

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FakeHttpServer {
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Responses served in order; when they run out, `fallback` answers (default 500). */
  queue(...responses: FakeResponse[]): void;
  fallback(respond: (request: ReceivedRequest) => FakeResponse): void;
  /** Forgets queued responses and received requests; unqueued requests get a 500 again. */
  reset(): void;
  close(): Promise<void>;
}

const UNEXPECTED: FakeResponse = { status: 500, body: 'unexpected request' };

export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const queued: FakeResponse[] = [];
  const requests: ReceivedRequest[] = [];
  let fallback: (request: ReceivedRequest) => FakeResponse = () => UNEXPECTED;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(received);
      const response = queued.shift() ?? fallback(received);
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null);
      res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    queue: (...responses) => queued.push(...responses),
    fallback: (respond) => (fallback = respond),
    reset: () => {
      queued.length = 0;
      requests.length = 0;
      fallback = () => UNEXPECTED;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * One server for the test file: started before all its tests, reset before each, closed after
 * all. Its properties are read through at call time, so use them inside tests and hooks only.
 */
export function useFakeHttpServer(): FakeHttpServer {
  let server: FakeHttpServer | undefined;
  beforeAll(async () => {
    server = await startFakeHttpServer();
  });
  beforeEach(() => server?.reset());
  afterAll(() => server?.close());
  const current = () => {
    if (!server) throw new Error('useFakeHttpServer(): the server starts in beforeAll');
    return server;
  };
  return {
    get baseUrl() {
      return current().baseUrl;
    },
    get requests() {
      return current().requests;
    },
    queue: (...responses) => current().queue(...responses),
    fallback: (respond) => current().fallback(respond),
    reset: () => current().reset(),
    close: () => current().close(),
  };
}
