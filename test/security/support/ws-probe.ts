// Subscriptions as raw tRPC WebSocket messages, for the fuzz suite: one socket per caller, each
// subscription's first answer (started, data or error) read and the subscription stopped.
import WebSocket from 'ws';

export interface WsAnswer {
  /** 'started', 'data', 'error' or 'timeout'. */
  kind: string;
  /** The raw message text. */
  text: string;
  code?: string;
}

export interface WsProbe {
  subscribe(path: string, input: unknown, waitMs?: number): Promise<WsAnswer>;
  close(): void;
}

export async function openWsProbe(url: string, token: string | undefined): Promise<WsProbe> {
  const waiting = new Map<number, (message: Record<string, unknown>, text: string) => void>();
  const connect = async () => {
    const s = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc${token ? '?connectionParams=1' : ''}`);
    await new Promise<void>((resolve, reject) => {
      s.once('open', () => resolve());
      s.once('error', reject);
    });
    s.on('error', () => undefined);
    if (token) s.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    s.on('message', (data: Buffer) => {
      const text = data.toString();
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      waiting.get(message.id as number)?.(message, text);
    });
    // The server closes the socket on a protocol breach (an oversized message): answer what was
    // waiting, and reconnect for the next call.
    s.on('close', () => {
      for (const [id, handler] of [...waiting]) handler({ id, closed: true }, '');
    });
    return s;
  };
  let socket = await connect();
  let nextId = 1;
  return {
    async subscribe(path, input, waitMs = 300) {
      if (socket.readyState !== WebSocket.OPEN) socket = await connect();
      const id = nextId++;
      return new Promise<WsAnswer>((resolve) => {
        let started: WsAnswer | undefined;
        const finish = (answer: WsAnswer) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (socket.readyState === WebSocket.OPEN)
            socket.send(JSON.stringify({ id, method: 'subscription.stop' }));
          resolve(answer);
        };
        // After 'started', give the stream a moment to fail (errors surface while it is iterated).
        const timer = setTimeout(() => finish(started ?? { kind: 'timeout', text: '' }), 5_000);
        waiting.set(id, (message, text) => {
          if (message.closed) return finish({ kind: 'closed', text: '' });
          const error = message.error as { data?: { code?: string } } | undefined;
          if (error) return finish({ kind: 'error', text, code: error.data?.code });
          const kind = (message.result as { type?: string } | undefined)?.type ?? 'unknown';
          if (kind === 'started') {
            started = { kind, text };
            clearTimeout(timer);
            setTimeout(() => finish(started!), waitMs);
            return;
          }
          finish({ kind, text });
        });
        socket.send(JSON.stringify({ id, method: 'subscription', params: { path, input } }));
      });
    },
    close: () => socket.close(),
  };
}
