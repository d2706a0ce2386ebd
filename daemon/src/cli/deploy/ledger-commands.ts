// `quanttrade orders`, `quanttrade positions`: the ledger from the shell. `orders cancel ID`
// records an operator's cancel request and announces it (as orders.cancel does); the daemon
// holding the order's deployment sends the cancel.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { LEDGER_ORDER_STATUSES } from '../../core/order-lifecycle';
import {
  getOrderDetail,
  listOrderViews,
  listPositionViews,
  requestOperatorCancel,
} from '../../trading/index';
import { UsageError } from '../command';
import { printJson, row, type CliContext, type SubCommand } from './deploy-cli';

const id = z.coerce.number().int().positive();
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'a date YYYY-MM-DD (IST) or an ISO time');

const orderId = (ctx: CliContext): number => {
  const word = ctx.args[0];
  if (!word || !/^\d+$/.test(word))
    throw new UsageError(`name the order by its id (got ${word ?? 'nothing'})`);
  return Number(word);
};

const listOrders: SubCommand = {
  help: `quanttrade orders [list] [--deployment N] [--account N] [--status S] [--symbol S] [--from D] [--to D] [--limit N] [--json]
quanttrade orders show ID [--json]      an order with its events and fills
quanttrade orders cancel ID             ask the daemon holding it to cancel it (credited to the operator)`,
  flags: {
    deployment: 'string',
    account: 'string',
    status: 'string',
    symbol: 'string',
    from: 'string',
    to: 'string',
    limit: 'string',
    json: 'boolean',
  },
  schema: z.object({
    deployment: id.optional(),
    account: id.optional(),
    status: z.enum(LEDGER_ORDER_STATUSES).optional(),
    symbol: z.string().optional(),
    from: time.optional(),
    to: time.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    json: z.boolean().default(false),
  }),
  async run(f, ctx) {
    const { orders, total } = await listOrderViews(ctx.pool, {
      deploymentId: f.deployment as number | undefined,
      brokerAccountId: f.account as number | undefined,
      statuses: f.status ? [f.status as (typeof LEDGER_ORDER_STATUSES)[number]] : undefined,
      symbol: f.symbol as string | undefined,
      from: f.from as string | undefined,
      to: f.to as string | undefined,
      limit: f.limit as number,
    });
    if (f.json) return (printJson({ orders, total }), 0);
    if (total === 0) return (console.log('no orders'), 0);
    const widths = [6, 22, 11, 5, 16, 5, 12, 16, 12, 11, 0];
    console.log(
      row(
        [
          'id',
          'created (IST)',
          'deployment',
          'side',
          'symbol',
          'qty',
          'filled',
          'status',
          'type',
          'avg price',
          'reason',
        ],
        widths,
      ),
    );
    for (const o of orders)
      console.log(
        row(
          [
            o.id,
            formatIstDateTime(Date.parse(o.createdAt)),
            o.deploymentId,
            o.side,
            o.symbol,
            o.qty,
            `${o.filledQty}/${o.qty}`,
            o.status,
            o.orderType,
            o.avgFillPrice,
            o.reason ?? o.endSource,
          ],
          widths,
        ),
      );
    if (total > orders.length) console.log(`… ${total - orders.length} more (--limit, --from, --to)`);
    return 0;
  },
};

const showOrder: SubCommand = {
  help: 'quanttrade orders show ID [--json]',
  flags: { json: 'boolean' },
  schema: z.object({ json: z.boolean().default(false) }),
  async run(f, ctx) {
    const detail = await getOrderDetail(ctx.pool, orderId(ctx));
    if (f.json) return (printJson(detail), 0);
    const o = detail.order;
    console.log(
      `order ${o.id} ${o.clientOrderId}: ${o.side} ${o.qty} ${o.symbol} ${o.orderType} ${o.product} — ${o.status} (${o.filledQty} filled${o.avgFillPrice ? ` at ${o.avgFillPrice}` : ''}), costs ${o.costs}`,
    );
    for (const e of detail.events)
      console.log(
        row(
          [formatIstDateTime(Date.parse(e.createdAt)), e.kind, e.status, e.filledQty, e.source],
          [22, 16, 16, 6, 0],
        ),
      );
    for (const x of detail.fills)
      console.log(`fill ${x.tradeId}: ${x.qty} at ${x.price} = ${x.value}, charges ${x.costs}`);
    return 0;
  },
};

const cancelOrder: SubCommand = {
  help: 'quanttrade orders cancel ID',
  flags: {},
  schema: z.object({}),
  async run(_f, ctx) {
    const request = await ctx.run(async (db) => {
      const r = await requestOperatorCancel(db, orderId(ctx), null);
      // The bus' envelope on its channel (sql/014 risk_notify_event), as the API publishes it.
      await db.query(`SELECT risk_notify_event('trading.cancel_requested', $1, $2)`, [
        r.ownerId,
        {
          orderId: r.orderId,
          deploymentId: r.deploymentId,
          brokerAccountId: r.brokerAccountId,
          clientOrderId: r.clientOrderId,
          source: 'operator',
          requestedBy: null,
        },
      ]);
      return r;
    });
    console.log(
      `cancel of order ${request.orderId} (${request.clientOrderId}, ${request.status}) ${request.created ? 'requested' : 'already requested'}; the daemon holding ${request.deploymentId ? `deployment ${request.deploymentId}` : `account ${request.brokerAccountId}`} sends it`,
    );
    return 0;
  },
};

export const orderCommands: Record<string, SubCommand> = {
  list: listOrders,
  show: showOrder,
  cancel: cancelOrder,
};

export const positions: SubCommand = {
  help: `quanttrade positions [--deployment N | --account N] [--by deployment|account] [--all] [--json]
  Open positions (--all: flat ones too, with their realised P&L), per deployment or per account,
  marked at the last price.`,
  flags: { deployment: 'string', account: 'string', by: 'string', all: 'boolean', json: 'boolean' },
  schema: z.object({
    deployment: id.optional(),
    account: id.optional(),
    by: z.enum(['deployment', 'account']).default('deployment'),
    all: z.boolean().default(false),
    json: z.boolean().default(false),
  }),
  async run(f, ctx) {
    const list = await listPositionViews(ctx.pool, {
      by: f.by as 'deployment' | 'account',
      deploymentId: f.deployment as number | undefined,
      brokerAccountId: f.account as number | undefined,
      includeFlat: f.all as boolean,
    });
    if (f.json) return (printJson({ positions: list }), 0);
    if (list.length === 0) return (console.log('no open positions'), 0);
    const widths = [11, 8, 16, 9, 8, 11, 11, 12, 12, 12, 0];
    console.log(
      row(
        [
          'deployment',
          'account',
          'symbol',
          'product',
          'qty',
          'avg price',
          'last',
          'realised',
          'unrealised',
          'day P&L',
          'costs',
        ],
        widths,
      ),
    );
    for (const p of list)
      console.log(
        row(
          [
            p.deploymentId,
            p.brokerAccountId,
            p.symbol,
            p.product,
            p.netQty,
            p.avgPrice,
            p.lastPrice,
            p.realisedPnl,
            p.unrealisedPnl,
            p.dayPnl,
            p.costs,
          ],
          widths,
        ),
      );
    return 0;
  },
};
