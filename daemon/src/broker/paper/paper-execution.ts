// One matching step of the paper venue in one transaction: lock the account, its working orders
// in the instrument and its positions; expire DAY orders whose session has closed; work the rest
// against the bar (paper-matching.ts); write orders, trades, positions and cash. Returns the
// updates to report, in the order things happened.
import {
  decimalToPaise as decimalPaise,
  MICROS,
  paiseToDecimal as paiseText,
  unitsToDecimal,
} from '../../core/exact-money';
import { toPaise } from '../../core/money';
import type { TradingCalendar } from '../../core/calendar/trading-calendar';
import type { BrokerProduct } from '../../core/order-lifecycle';
import type { CostModel } from '../../costs';
import type { PoolClient } from '../../db/pool';
import type { Slippage } from '../../engine/slippage';
import type { BarView } from '../../indicators/indicator';
import type { BrokerOrderUpdate } from '../broker-link';
import type { PaperAccount } from './paper-account';
import { PaperBook } from './paper-book';
import { matchBar, type MatchAction, type MatchOrder } from './paper-matching';
import { sessionClose } from './paper-rules';
import { writeStep, type NewTrade } from './paper-step-write';
import {
  PAPER_ORDER_COLUMNS,
  toBrokerOrder,
  toBrokerTrade,
  type PaperInstrument,
  type PaperOrderRow,
  type PaperTradeRow,
} from './paper-store';

export interface ExecutionDeps {
  account: PaperAccount;
  calendar: TradingCalendar;
  /** The cost model of an order's product on this instrument. */
  costs(product: BrokerProduct): CostModel;
  slippage: Slippage;
  marginRate(instrumentId: number, product: BrokerProduct): number;
  lastPrice(instrumentId: number): number | undefined;
}

export interface BarInput {
  bar: BarView;
  tick: boolean;
  liquidity: number;
  /** Only expire DAY orders whose session closed by bar.time (a clock step, no prices). */
  expireOnly?: boolean;
}

export interface ExecutionResult {
  updates: BrokerOrderUpdate[];
  /** Orders after the step, for the venue's cache (closed ones included, to drop them). */
  orders: PaperOrderRow[];
}

const toMatch = (r: PaperOrderRow): MatchOrder => ({
  id: r.id,
  side: r.side,
  qty: r.qty,
  filledQty: r.filled_qty,
  filledValue: Number(r.filled_value),
  orderType: r.order_type,
  product: r.product,
  validity: r.validity,
  limitPrice: r.limit_price === null ? NaN : Number(r.limit_price),
  triggerPrice: r.trigger_price === null ? NaN : Number(r.trigger_price),
  accepted: r.accepted,
  triggered: r.triggered,
});

export async function executeBar(
  client: PoolClient,
  deps: ExecutionDeps,
  instrument: PaperInstrument,
  input: BarInput,
): Promise<ExecutionResult> {
  const { bar } = input;
  const { rows } = await client.query<PaperOrderRow>(
    `SELECT ${PAPER_ORDER_COLUMNS} FROM paper_orders
      WHERE broker_account_id = $1 AND instrument_id = $2 AND status IN ('open', 'partially_filled')
      ORDER BY id FOR UPDATE`,
    [deps.account.brokerAccountId, instrument.id],
  );
  const updates: BrokerOrderUpdate[] = [];
  const rowById = new Map(rows.map((r) => [r.id, { ...r }]));
  const changed = new Set<number>();
  const at = new Date(bar.time);

  const live: MatchOrder[] = [];
  for (const r of rowById.values()) {
    const close = sessionClose(deps.calendar, r.session_date);
    if (r.validity === 'DAY' && close <= bar.time) {
      Object.assign(r, { status: 'expired', reason: 'session_end', updated_at: new Date(close) });
      changed.add(r.id);
      updates.push({ kind: 'status', order: toBrokerOrder(r, instrument) });
    } else live.push(toMatch(r));
  }

  const book = await PaperBook.load(client, deps.account, deps.lastPrice);
  const trades: { action: Extract<MatchAction, { kind: 'fill' }>; pricePaise: bigint }[] = [];
  const actions = input.expireOnly
    ? []
    : matchBar(
        live,
        bar,
        {
          instrument: {
            ...instrument,
            securityId: instrument.securityId ?? undefined,
            freezeQty: instrument.freezeQty ?? undefined,
          },
          costs: deps.costs,
          slippage: deps.slippage,
          funds: (product) => book.funds(instrument.id, product, deps.marginRate),
          marginRate: (product) => deps.marginRate(instrument.id, product),
          lastPrice: deps.lastPrice(instrument.id) ?? NaN,
          tick: input.tick,
          liquidity: input.liquidity,
        },
        (fill) => {
          const r = rowById.get(fill.orderId)!;
          // Prices off the paisa grid exist only in adjusted historical data: booked to the paisa.
          const pricePaise = BigInt(toPaise(fill.price));
          book.fill(instrument.id, r.product, r.side, fill.qty, pricePaise, fill.charges.total);
          trades.push({ action: fill, pricePaise });
        },
      );
  // A fill's report needs its trade id: its place in `updates` is kept and filled in once the
  // step's writes (one statement, paper-step-write.ts) have returned the ids.
  const pending: { index: number; trade: Omit<PaperTradeRow, 'id'> }[] = [];
  const newTrades: NewTrade[] = [];
  for (const a of actions) {
    const r = rowById.get(a.orderId)!;
    changed.add(r.id);
    r.updated_at = at;
    if (a.kind === 'accept') r.accepted = true;
    else if (a.kind === 'trigger') r.triggered = true;
    else if (a.kind === 'reject') {
      Object.assign(r, { status: 'rejected', reason: a.reason });
      updates.push({ kind: 'status', order: toBrokerOrder(r, instrument) });
    } else if (a.kind === 'cancel') {
      Object.assign(r, { status: 'cancelled', reason: a.reason });
      updates.push({ kind: 'status', order: toBrokerOrder(r, instrument) });
    } else {
      const t = trades.find((x) => x.action === a)!;
      const valuePaise = BigInt(a.qty) * t.pricePaise;
      r.filled_qty += a.qty;
      r.filled_value = paiseText(decimalPaise(r.filled_value) + valuePaise);
      r.status = r.filled_qty >= r.qty ? 'filled' : 'partially_filled';
      const charges = unitsToDecimal(a.charges.total, MICROS);
      newTrades.push({
        orderId: r.id,
        qty: a.qty,
        price: paiseText(t.pricePaise),
        value: paiseText(valuePaise),
        charges,
        at,
      });
      pending.push({
        index: updates.length,
        trade: {
          order_id: r.id,
          client_order_id: r.client_order_id,
          instrument_id: r.instrument_id,
          side: r.side,
          product: r.product,
          order_type: r.order_type,
          qty: a.qty,
          price: paiseText(t.pricePaise),
          charges,
          traded_at: at,
        },
      });
      // The trade is filled in below; the order's state is this moment's.
      updates.push({ kind: 'status', order: toBrokerOrder(r, instrument) });
    }
  }
  const ids = await writeStep(client, {
    ...book.accountIds,
    orders: [...changed].map((id) => rowById.get(id)!),
    ...book.changes(),
    trades: newTrades,
  });
  pending.forEach(({ index, trade }, k) => {
    updates[index] = {
      kind: 'fill',
      trade: toBrokerTrade({ ...trade, id: ids[k]! }, instrument),
      order: updates[index]!.order,
    };
  });
  return { updates, orders: [...rowById.values()].filter((r) => changed.has(r.id)) };
}
