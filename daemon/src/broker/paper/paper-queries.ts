// The paper venue's order-entry and read side: place, cancel, modify and the books a client reads
// (orders, trades, positions, funds). Matching lives in paper-execution.ts.
import type { TradingCalendar } from '../../core/calendar/trading-calendar';
import { decimalToPaise } from '../../core/exact-money';
import type { BrokerProduct } from '../../core/order-lifecycle';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import {
  BrokerError,
  type BrokerFunds,
  type BrokerOrder,
  type BrokerPosition,
  type BrokerTrade,
  type ModifyOrderRequest,
  type PlaceOrderRequest,
} from '../broker-link';
import type { PaperAccount } from './paper-account';
import type { PaperInstruments } from './paper-instruments';
import { malformedRequest, orderRuleBroken, sessionDateFor } from './paper-rules';
import {
  instrumentRefOf,
  PAPER_ORDER_COLUMNS,
  parseBrokerOrderId,
  toBrokerOrder,
  toBrokerTrade,
  TRADE_SELECT,
  type PaperInstrument,
  type PaperOrderRow,
  type PaperTradeRow,
} from './paper-store';

/** Dhan allows 25 modifications of one order. */
const MAX_MODIFICATIONS = 25;
const ACTIVE = ['open', 'partially_filled'];

export class PaperQueries {
  constructor(
    private readonly pool: Pool,
    private readonly account: PaperAccount,
    private readonly instruments: PaperInstruments,
    private readonly mark: (instrumentId: number) => number | undefined,
  ) {}

  snapshot(row: PaperOrderRow, instrument: PaperInstrument): BrokerOrder {
    return toBrokerOrder(row, instrument);
  }

  async workingOrders(): Promise<PaperOrderRow[]> {
    const { rows } = await this.pool.query<PaperOrderRow>(
      `SELECT ${PAPER_ORDER_COLUMNS} FROM paper_orders WHERE broker_account_id = $1 AND status = ANY($2) ORDER BY id`,
      [this.account.brokerAccountId, ACTIVE],
    );
    await this.instruments.byIds(rows.map((r) => r.instrument_id));
    return rows;
  }

  private async byClientId(db: Pool | PoolClient, clientOrderId: string): Promise<PaperOrderRow | undefined> {
    const { rows } = await db.query<PaperOrderRow>(
      `SELECT ${PAPER_ORDER_COLUMNS} FROM paper_orders WHERE broker_account_id = $1 AND client_order_id = $2`,
      [this.account.brokerAccountId, clientOrderId],
    );
    return rows[0];
  }

  /**
   * Creates the order (open, or rejected by an exchange rule); the existing one for a repeated id
   * (the insert is tried first: a repeat is the rare case). Committed asynchronously (see
   * paper-venue.ts: the venue's own books, flushed by the ledger's next durable commit).
   */
  async place(
    r: PlaceOrderRequest,
    now: number,
    calendar: TradingCalendar,
  ): Promise<{ row: PaperOrderRow; created: boolean }> {
    const malformed = malformedRequest(r);
    if (malformed)
      throw new BrokerError('rejected', `order refused: ${malformed}`, { clientOrderId: r.clientOrderId });
    const instrument = await this.instruments.resolve(r.instrument);
    const broken = orderRuleBroken(r, instrument);
    const { rows } = await this.pool.query<PaperOrderRow>(
      `INSERT INTO paper_orders (owner_id, broker_account_id, client_order_id, instrument_id, side, qty, order_type,
                                 product, validity, limit_price, trigger_price, status, reason, session_date, placed_at,
                                 updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15
        WHERE set_config('synchronous_commit', 'off', true) = 'off'
       ON CONFLICT (broker_account_id, client_order_id) DO NOTHING
       RETURNING ${PAPER_ORDER_COLUMNS}`,
      [
        this.account.ownerId,
        this.account.brokerAccountId,
        r.clientOrderId,
        instrument.id,
        r.side,
        r.qty,
        r.orderType,
        r.product,
        r.validity,
        r.limitPrice ?? null,
        r.triggerPrice ?? null,
        broken ? 'rejected' : 'open',
        broken ?? null,
        sessionDateFor(calendar, now),
        new Date(now),
      ],
    );
    if (rows[0]) return { row: rows[0], created: true };
    return { row: (await this.byClientId(this.pool, r.clientOrderId))!, created: false };
  }

  private async lockActive(
    client: PoolClient,
    brokerOrderId: string,
    action: string,
  ): Promise<PaperOrderRow> {
    const id = parseBrokerOrderId(brokerOrderId);
    const { rows } =
      id === undefined
        ? { rows: [] }
        : await client.query<PaperOrderRow>(
            `SELECT ${PAPER_ORDER_COLUMNS} FROM paper_orders WHERE id = $1 AND broker_account_id = $2 FOR UPDATE`,
            [id, this.account.brokerAccountId],
          );
    const row = rows[0];
    if (!row) throw new BrokerError('rejected', `cannot ${action} order ${brokerOrderId}: no such order`);
    if (!ACTIVE.includes(row.status))
      throw new BrokerError(
        'rejected',
        `cannot ${action} order ${brokerOrderId}: it is already ${row.status}`,
        {
          status: row.status,
        },
      );
    return row;
  }

  async cancel(brokerOrderId: string, now: number): Promise<PaperOrderRow> {
    return withTransaction(this.pool, async (client) => {
      const row = await this.lockActive(client, brokerOrderId, 'cancel');
      const { rows } = await client.query<PaperOrderRow>(
        `UPDATE paper_orders SET status = 'cancelled', reason = 'cancelled', updated_at = $2 WHERE id = $1
         RETURNING ${PAPER_ORDER_COLUMNS}`,
        [row.id, new Date(now)],
      );
      return rows[0]!;
    });
  }

  async modify(brokerOrderId: string, change: ModifyOrderRequest, now: number): Promise<PaperOrderRow> {
    return withTransaction(this.pool, async (client) => {
      const row = await this.lockActive(client, brokerOrderId, 'modify');
      if (row.modifications >= MAX_MODIFICATIONS)
        throw new BrokerError(
          'rejected',
          `cannot modify order ${brokerOrderId}: ${MAX_MODIFICATIONS} modifications already`,
        );
      const instrument = (await this.instruments.byId(row.instrument_id))!;
      const next: PlaceOrderRequest = {
        clientOrderId: row.client_order_id,
        instrument: instrumentRefOf(instrument),
        side: row.side,
        qty: change.qty ?? row.qty,
        orderType: change.orderType ?? row.order_type,
        product: row.product,
        validity: change.validity ?? row.validity,
        limitPrice: change.limitPrice ?? (row.limit_price === null ? undefined : Number(row.limit_price)),
        triggerPrice:
          change.triggerPrice ?? (row.trigger_price === null ? undefined : Number(row.trigger_price)),
      };
      if (next.orderType === 'MARKET' || next.orderType === 'STOP_LOSS_MARKET') delete next.limitPrice;
      if (next.orderType === 'MARKET' || next.orderType === 'LIMIT') delete next.triggerPrice;
      const problem = malformedRequest(next) ?? orderRuleBroken(next, instrument);
      if (problem) throw new BrokerError('rejected', `cannot modify order ${brokerOrderId}: ${problem}`);
      if (next.qty < row.filled_qty)
        throw new BrokerError(
          'rejected',
          `cannot modify order ${brokerOrderId}: quantity ${next.qty} is below the ${row.filled_qty} filled`,
        );
      const { rows } = await client.query<PaperOrderRow>(
        `UPDATE paper_orders SET qty = $2, order_type = $3, validity = $4, limit_price = $5, trigger_price = $6,
                accepted = false, triggered = false, modifications = modifications + 1, updated_at = $7,
                status = CASE WHEN filled_qty >= $2 THEN 'filled' ELSE status END
          WHERE id = $1 RETURNING ${PAPER_ORDER_COLUMNS}`,
        [
          row.id,
          next.qty,
          next.orderType,
          next.validity,
          next.limitPrice ?? null,
          next.triggerPrice ?? null,
          new Date(now),
        ],
      );
      return rows[0]!;
    });
  }

  async findOrder(
    clientOrderId: string,
  ): Promise<{ found: true; row: PaperOrderRow; order: BrokerOrder } | { found: false }> {
    const row = await this.byClientId(this.pool, clientOrderId);
    if (!row) return { found: false };
    return { found: true, row, order: toBrokerOrder(row, (await this.instruments.byId(row.instrument_id))!) };
  }

  async orders(): Promise<BrokerOrder[]> {
    const { rows } = await this.pool.query<PaperOrderRow>(
      `SELECT ${PAPER_ORDER_COLUMNS} FROM paper_orders WHERE broker_account_id = $1 ORDER BY id`,
      [this.account.brokerAccountId],
    );
    await this.instruments.byIds(rows.map((r) => r.instrument_id));
    return rows.map((r) => toBrokerOrder(r, this.instruments.cached(r.instrument_id)!));
  }

  async trades(filter: { brokerOrderId?: string } = {}): Promise<BrokerTrade[]> {
    const orderId =
      filter.brokerOrderId === undefined ? null : (parseBrokerOrderId(filter.brokerOrderId) ?? -1);
    const { rows } = await this.pool.query<PaperTradeRow>(
      `${TRADE_SELECT} WHERE t.broker_account_id = $1 AND ($2::bigint IS NULL OR t.order_id = $2) ORDER BY t.id`,
      [this.account.brokerAccountId, orderId],
    );
    await this.instruments.byIds(rows.map((r) => r.instrument_id));
    return rows.map((t) => toBrokerTrade(t, this.instruments.cached(t.instrument_id)!));
  }

  private async positionRows() {
    const { rows } = await this.pool.query<{
      instrument_id: number;
      product: BrokerProduct;
      net_qty: number;
      cost_basis: string;
      realised_pnl: string;
      last_price: string | null;
    }>(
      `SELECT instrument_id, product, net_qty, cost_basis::text AS cost_basis, realised_pnl::text AS realised_pnl,
              last_price::text AS last_price
         FROM paper_positions WHERE broker_account_id = $1 ORDER BY instrument_id, product`,
      [this.account.brokerAccountId],
    );
    await this.instruments.byIds(rows.map((r) => r.instrument_id));
    return rows.map((r) => ({
      ...r,
      mark: this.mark(r.instrument_id) ?? (r.last_price === null ? NaN : Number(r.last_price)),
    }));
  }

  async positions(): Promise<BrokerPosition[]> {
    return (await this.positionRows()).map(({ mark, ...row }) => ({
      instrument: instrumentRefOf(this.instruments.cached(row.instrument_id)!),
      product: row.product,
      netQty: row.net_qty,
      avgPrice:
        row.net_qty === 0 ? NaN : Math.abs(Number(decimalToPaise(row.cost_basis)) / 100 / row.net_qty),
      realisedPnl: Number(row.realised_pnl),
      lastPrice: mark,
      raw: row,
    }));
  }

  async funds(marginRate: (instrumentId: number, product: BrokerProduct) => number): Promise<BrokerFunds> {
    const { rows } = await this.pool.query<{ cash: string; starting_capital: string }>(
      `SELECT cash::text AS cash, starting_capital::text AS starting_capital FROM paper_accounts WHERE broker_account_id = $1`,
      [this.account.brokerAccountId],
    );
    const cash = Number(rows[0]!.cash);
    let equity = cash;
    let utilised = 0;
    for (const p of await this.positionRows()) {
      if (p.net_qty === 0) continue;
      const value = p.mark === p.mark ? p.net_qty * p.mark : Number(p.cost_basis);
      equity += value;
      utilised += marginRate(p.instrument_id, p.product) * Math.abs(value);
    }
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      cash: round(cash),
      utilised: round(utilised),
      available: round(equity - utilised),
      raw: { cash: rows[0]!.cash, startingCapital: rows[0]!.starting_capital, equity: round(equity) },
    };
  }
}
