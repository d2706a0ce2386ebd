// A real HTTP server on 127.0.0.1 (port 0) for source-client tests: each test queues the
// responses the "remote API" gives, and reads back the requests it received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  close(): Promise<void>;
}

export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const queued: FakeResponse[] = [];
  const requests: ReceivedRequest[] = [];
  let fallback: (request: ReceivedRequest) => FakeResponse = () => ({
    status: 500,
    body: 'no response queued',
  });
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
