// `import { createClient } from 'quanttrade/client'`: a typed tRPC client for Node scripts.
//
//   const qt = createClient({ url: 'http://127.0.0.1:8080', token: process.env.QUANTTRADE_TOKEN });
//   console.log(await qt.api.system.info.query());
//   const sub = qt.api.system.events.subscribe(undefined, { onData: (e) => console.log(e) });
//   ...; sub.unsubscribe(); qt.close();
//
// Node 20 has no global WebSocket, so subscriptions use the `ws` package.
import WebSocket from 'ws';
import { createClientWith, type QuantTradeClient } from './client-links';

export type { AppRouter } from './router';
export type { QuantTradeClient } from './client-links';
export { createClientWith } from './client-links';

export function createClient(options: {
  url: string;
  token?: string | (() => string | undefined);
}): QuantTradeClient {
  return createClientWith({ ...options, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
}
