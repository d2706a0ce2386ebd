// `quanttrade dev dhan-fake`: runs the local Dhan (daemon/src/dev/dhan-fake) as a sandbox to try
// the broker link without a Dhan account — REST under /v2, the binary market feed and the order-
// update socket on one port, one client id and a token valid 24 h. Prices walk; market orders fill
// at once and limit orders when the price reaches them. Runs until Ctrl-C.
import { z } from 'zod';
import { startFakeDhan } from '../../dev/dhan-fake/fake-server';
import { defineCommand, defineGroup } from '../command';

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8765),
  host: z.string().min(1).default('127.0.0.1'),
  'client-id': z
    .string()
    .regex(/^\d{4,20}$/, 'digits, e.g. 1000000001')
    .default('1000000001'),
  'tick-ms': z.coerce.number().int().min(10).max(60_000).default(500),
});

const dhanFake = defineCommand({
  summary: 'Run a local Dhan (REST, market feed, order updates) to try the broker link',
  usage: '[--port 8765] [--host 127.0.0.1] [--client-id 1000000001] [--tick-ms 500]',
  description:
    'Prints the URLs and a token, then serves until Ctrl-C. Point a daemon at it with\n' +
    'QUANTTRADE_DHAN_BASE_URL, QUANTTRADE_DHAN_FEED_URL, QUANTTRADE_DHAN_ORDER_UPDATE_URL and add\n' +
    'the account with quanttrade broker add (see docs/dhan.md). Prices walk; market orders fill at\n' +
    'once, limit orders when the price reaches them.',
  options: {
    port: { type: 'string', value: 'N', describe: 'port (default 8765; 0 picks a free one)' },
    host: { type: 'string', value: 'ADDR', describe: 'address to listen on (default 127.0.0.1)' },
    'client-id': { type: 'string', value: 'ID', describe: 'the client id it accepts (default 1000000001)' },
    'tick-ms': { type: 'string', value: 'MS', describe: 'milliseconds between price ticks (default 500)' },
  },
  schema,
  run: async ({ options: f }) => {
    const fake = await startFakeDhan({
      port: f.port,
      host: f.host,
      clientId: f['client-id'],
      tickMs: f['tick-ms'],
      fillMarketOrders: true,
      matchLimitOrders: true,
      holdings: [
        {
          exchange: 'NSE',
          tradingSymbol: 'TCS',
          securityId: '11536',
          isin: 'INE467B01029',
          totalQty: 10,
          dpQty: 10,
          t1Qty: 0,
          availableQty: 10,
          collateralQty: 0,
          avgCostPrice: 3500,
          lastTradedPrice: 4000,
        },
      ],
    });
    for (const [id, price] of [
      ['11536', 4000],
      ['1333', 1650],
      ['2885', 1300],
      ['13', 24000],
    ] as const)
      fake.broker.setPrice(id, price);
    console.log(`Fake Dhan is running (client id ${fake.clientId}):
  QUANTTRADE_DHAN_BASE_URL=${fake.restUrl}
  QUANTTRADE_DHAN_FEED_URL=${fake.feedUrl}
  QUANTTRADE_DHAN_ORDER_UPDATE_URL=${fake.orderUpdateUrl}
Access token (valid 24 h; give it to quanttrade broker add/token on stdin):
${fake.token}
Ctrl-C stops it.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await fake.close();
    return 0;
  },
});

export const command = defineGroup({
  summary: 'Developer tools: dev dhan-fake runs a local Dhan (REST, feed, order updates) to try the link',
  commands: { 'dhan-fake': dhanFake },
});
