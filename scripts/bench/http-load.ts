// A closed-loop HTTP/1.1 load generator for the API benchmarks: `connections` keep-alive
// sockets, each sending the next GET as soon as the previous response is complete, for
// `seconds`. It writes a prebuilt request and parses only what it must (status, Content-Length
// or chunked framing), so that on a 2-core machine the generator costs far less than the server
// it measures (Node's http client cost about as much as a bare fastify route).
import { connect, type Socket } from 'node:net';
import { percentile } from './emit';

export interface LoadResult {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Length of one complete response at the start of `buf` (with its status), or undefined. */
export function responseLength(buf: Buffer): { length: number; status: number } | undefined {
  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd === -1) return undefined;
  const head = buf.subarray(0, headerEnd).toString('latin1');
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + 4;
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (lengthMatch) {
    const total = bodyStart + Number(lengthMatch[1]);
    return buf.length >= total ? { length: total, status } : undefined;
  }
  // chunked: <hex size>\r\n<data>\r\n ... 0\r\n\r\n
  let at = bodyStart;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) return undefined;
    const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    const next = lineEnd + 2 + size + 2;
    if (buf.length < next) return undefined;
    if (size === 0) return { length: next, status };
    at = next;
  }
}

function runConnection(
  url: URL,
  request: Buffer,
  deadline: number,
  latencies: number[],
  onError: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let started = 0;
    const send = () => {
      if (performance.now() >= deadline) {
        socket.end();
        return resolve();
      }
      started = performance.now();
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const response = responseLength(pending);
      if (!response) return;
      pending = pending.subarray(response.length);
      if (response.status === 200) latencies.push(performance.now() - started);
      else onError();
      send();
    });
    socket.on('error', () => {
      onError();
      resolve();
    });
    // A server closing the connection mid-run must not leave the run waiting forever.
    socket.on('close', () => resolve());
  });
}

export async function runLoad(options: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const url = new URL(options.url);
  const headers = Object.entries({ host: url.host, ...options.headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\n${headers}\r\n`, 'latin1');
  const latencies: number[] = [];
  let errors = 0;
  const begin = performance.now();
  const deadline = begin + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, () =>
      runConnection(url, request, deadline, latencies, () => errors++),
    ),
  );
  const elapsed = (performance.now() - begin) / 1000;
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
    p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
  };
}
