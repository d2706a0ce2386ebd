// HTTP for the Dhan REST API over node:http(s) with keep-alive, one deadline per request, and the
// one fact a safe order client needs on failure: could the request have reached the broker?
// A failure before the socket connected means it was never sent (safe to send again); any later
// failure (reset, timeout while waiting for the answer) means it may have been acted on.
import http from 'node:http';
import https from 'node:https';
import type { SendState } from './dhan-errors';

export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** The request failed without an HTTP answer. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly sent: SendState,
    readonly reason: 'timeout' | 'network' | 'aborted',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export interface HttpTransport {
  request(call: HttpCall): Promise<HttpAnswer>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

export function createHttpTransport(): HttpTransport {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };
  return {
    request: (call) => send(call, call.url.protocol === 'https:' ? agents.https : agents.http),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function send(call: HttpCall, agent: http.Agent): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let connected = false;
    let settled = false;
    const lib = call.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...call.headers };
    if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
    const req = lib.request(call.url, { method: call.method, headers, agent });
    const fail = (message: string, reason: TransportError['reason'], cause?: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new TransportError(message, connected ? 'maybe' : 'not_sent', reason, { cause }));
      req.destroy();
    };
    const timer = setTimeout(() => fail(`no answer within ${call.timeoutMs} ms`, 'timeout'), call.timeoutMs);
    const onAbort = () => fail('aborted by the caller', 'aborted', call.signal?.reason);
    const cleanup = () => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    };
    if (call.signal?.aborted) return onAbort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      // A reused keep-alive socket is connected already; a new one connects first.
      if (!(socket as { connecting?: boolean }).connecting) connected = true;
      else
        socket.once(call.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true));
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      fail(err.code ? `${err.code}: ${err.message}` : err.message, 'network', err),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(`answer cut off: ${err.message}`, 'network', err));
      res.on('aborted', () => fail('answer cut off', 'network'));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(call.body);
  });
}
