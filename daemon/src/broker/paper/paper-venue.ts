// The paper venue: a BrokerLink that executes like Dhan and books like a contract note, with its
// own books in PostgreSQL (paper-store.ts), so it survives restarts with its open orders and can
// be reconciled against the ledger like a real venue.
//
//   place   idempotent on the client order id (the same id twice returns the first order);
//           malformed requests are refused (BrokerError 'rejected'); exchange-rule breaches
//           create a rejected order; otherwise the order is open and waits for the next bar. The
//           acknowledgement reports the new order (no separate update: one commit less a send).
//   onBar   replay: works the instrument's orders against a stored bar with the backtester's
//           rules (paper-matching.ts). onTick: live, a tick is a one-price bar. Both resolve
//           once every update they caused has been delivered to the subscribers (awaited).
//   onClock expires DAY orders at their session's close.
//
// Every state change is one transaction, serialised per venue instance; updates are delivered
// after the commit and outside that serialisation (a subscriber may place orders from a fill).
//
// An order's placement and a bar's executions commit asynchronously (synchronous_commit off for
// those transactions only): they were two of the four durable commits of every replayed order.
// The venue stands for a broker, and the ledger — whose commits stay durable — is what books:
// the ledger commits an order before the venue sees it, and books a fill only after the venue's
// commit of it returned, so the ledger's durable commit flushes the WAL past the venue's (the
// WAL is flushed in order). A daemon killed at any point loses nothing (PostgreSQL flushes the
// venue's commit within a fraction of a second on its own). Only a crash of PostgreSQL itself in
// that fraction can lose the venue's last change — an order or fill the ledger has not booked
// yet — and restart recovery then finds the venue's state by client order id as it would at a
// broker: a sent order the venue never kept is closed as not found, an order the venue still
// holds open keeps working; nothing is sent again. Cancels and modifications stay durable.
import type { Logger } from 'pino';
import { nseCalendar, type TradingCalendar } from '../../core/calendar/trading-calendar';
import { AppError } from '../../core/errors';
import type { BrokerProduct } from '../../core/order-lifecycle';
import type { Tick } from '../../core/tick';
import { orderCostModel } from '../../costs';
import { withTransactionFrom, type Pool } from '../../db/pool';
import { NO_SLIPPAGE, parseSlippage, type Slippage } from '../../engine/slippage';
import type { BarView } from '../../indicators/indicator';
import type { TradingMetrics } from '../../metrics/trading-metrics';
import {
  type BrokerInstrumentRef,
  type BrokerLink,
  type BrokerOrderUpdate,
  type BrokerUpdateListener,
  type ModifyOrderRequest,
  type PlaceAck,
  type PlaceOrderRequest,
} from '../broker-link';
import {
  lockPaperAccountSql,
  readPaperAccount,
  toPaperAccount,
  type PaperAccount,
  type PaperAccountRow,
} from './paper-account';
import { executeBar, type BarInput, type ExecutionResult } from './paper-execution';
import { mayAct, type MatchOrder } from './paper-matching';
import { PaperInstruments } from './paper-instruments';
import { PaperQueries } from './paper-queries';
import { sessionClose } from './paper-rules';
import { type PaperInstrument, type PaperOrderRow } from './paper-store';

export interface PaperVenueOptions {
  pool: Pool;
  brokerAccountId: number;
  log: Logger;
  /** Venue time, epoch ms: the wall clock live, the replay clock in replay (the bar's end). */
  clock?: () => number;
  calendar?: TradingCalendar;
  /** Delay before place() answers (the order already exists at the venue meanwhile). */
  ackLatencyMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Live ticks fill at most their traded quantity per order (partial fills). Default false. */
  tickLiquidity?: boolean;
  metrics?: TradingMetrics;
}

interface Working extends MatchOrder {
  sessionDate: string;
}

const TERMINAL = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export class PaperVenue implements BrokerLink {
  readonly venue = 'paper';
  private readonly listeners = new Set<BrokerUpdateListener>();
  private readonly working = new Map<number, Working[]>();
  private readonly lastPrices = new Map<number, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => number;
  private readonly calendar: TradingCalendar;
  private readonly slippage: Slippage;
  readonly instruments: PaperInstruments;
  private readonly queries: PaperQueries;

  private constructor(
    private readonly options: PaperVenueOptions,
    private account: PaperAccount,
  ) {
    this.clock = options.clock ?? (() => Date.now());
    this.calendar = options.calendar ?? nseCalendar;
    this.slippage = parseSlippage(account.slippage) ?? NO_SLIPPAGE;
    this.instruments = new PaperInstruments(options.pool);
    this.queries = new PaperQueries(options.pool, account, this.instruments, (id) => this.lastPrices.get(id));
  }

  /** Opens the venue of a paper account and loads its working orders. */
  static async open(options: PaperVenueOptions): Promise<PaperVenue> {
    const account = await readPaperAccount(options.pool, options.brokerAccountId);
    if (!account)
      throw new AppError(
        'NOT_FOUND',
        `broker account ${options.brokerAccountId} has no paper books (create them first)`,
      );
    const venue = new PaperVenue(options, account);
    await venue.reload();
    return venue;
  }

  /** Reloads the working orders from the database (after another daemon placed some). */
  reload(): Promise<void> {
    return this.serial(async () => {
      const rows = await this.queries.workingOrders();
      this.working.clear();
      for (const r of rows) this.remember(r);
    });
  }

  subscribe(listener: BrokerUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async place(request: PlaceOrderRequest): Promise<PlaceAck> {
    const { row, created } = await this.serial(async () => {
      const placed = await this.queries.place(request, this.clock(), this.calendar);
      // Working from the next step on (a repeat of another instance's order too).
      if (!TERMINAL.has(placed.row.status) && !this.isRemembered(placed.row)) this.remember(placed.row);
      return placed;
    });
    if (created && row.status === 'rejected') this.count(row);
    const instrument = (await this.instruments.byId(row.instrument_id))!;
    // The acknowledgement carries the new order's state; later changes come as updates.
    const latency = this.options.ackLatencyMs ?? 0;
    if (latency > 0) await (this.options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(latency);
    return {
      brokerOrderId: `P${row.id}`,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
      raw: this.queries.snapshot(row, instrument).raw,
    };
  }

  async cancel(brokerOrderId: string): Promise<void> {
    const row = await this.serial(async () => {
      const cancelled = await this.queries.cancel(brokerOrderId, this.clock());
      this.forget(cancelled);
      return cancelled;
    });
    this.count(row);
    await this.deliver([
      {
        kind: 'status',
        order: this.queries.snapshot(row, (await this.instruments.byId(row.instrument_id))!),
      },
    ]);
  }

  async modify(brokerOrderId: string, change: ModifyOrderRequest): Promise<void> {
    const row = await this.serial(async () => {
      const modified = await this.queries.modify(brokerOrderId, change, this.clock());
      this.forget(modified);
      if (!TERMINAL.has(modified.status)) this.remember(modified);
      return modified;
    });
    await this.deliver([
      {
        kind: 'status',
        order: this.queries.snapshot(row, (await this.instruments.byId(row.instrument_id))!),
      },
    ]);
  }

  async findOrder(clientOrderId: string) {
    const found = await this.queries.findOrder(clientOrderId);
    // An order another daemon placed becomes this instance's to work once anyone asks for it.
    if (found.found && !TERMINAL.has(found.row.status) && !this.isRemembered(found.row))
      this.remember(found.row);
    return found.found ? { found: true as const, order: found.order } : { found: false as const };
  }

  orders() {
    return this.queries.orders();
  }

  trades(filter?: { brokerOrderId?: string }) {
    return this.queries.trades(filter);
  }

  positions() {
    return this.queries.positions();
  }

  funds() {
    return this.queries.funds((instrumentId, product) => this.marginRate(instrumentId, product));
  }

  /** Replay: a whole stored bar of an instrument (its start time is the fills' time). */
  async onBar(ref: BrokerInstrumentRef, bar: BarView): Promise<void> {
    const instrument = await this.instruments.resolve(ref);
    await this.step(instrument, { bar, tick: false, liquidity: Infinity });
  }

  /** Live: a tick is a one-price bar at its exchange time (read at once: sources reuse ticks). */
  async onTick(tick: Tick): Promise<void> {
    const { symbol, segment, securityId } = tick.instrument;
    const p = tick.lastPrice;
    const qty = tick.lastQty;
    const bar = { time: tick.exchangeTime, open: p, high: p, low: p, close: p, volume: qty };
    const instrument = await this.instruments.resolve({
      symbol,
      segment,
      exchange: segment.startsWith('BSE') ? 'BSE' : 'NSE',
      ...(securityId ? { securityId } : {}),
    });
    const liquidity = this.options.tickLiquidity && qty > 0 ? qty : Infinity;
    await this.step(instrument, { bar, tick: true, liquidity });
  }

  /** Expires every DAY order whose session has closed by `time` (call at 15:30 on a timer). */
  async onClock(time: number): Promise<void> {
    const due = new Set<number>();
    for (const [instrumentId, list] of this.working)
      if (list.some((o) => o.validity === 'DAY' && sessionClose(this.calendar, o.sessionDate) <= time))
        due.add(instrumentId);
    for (const instrumentId of due) {
      const instrument = (await this.instruments.byId(instrumentId))!;
      // An empty bar at `time` matches nothing; the step expires what is due first.
      const bar = { time, open: NaN, high: NaN, low: NaN, close: NaN, volume: 0 };
      await this.step(instrument, { bar, tick: true, liquidity: 0, expireOnly: true });
    }
  }

  private async step(instrument: PaperInstrument, input: BarInput): Promise<void> {
    const { bar } = input;
    const expireOnly = input.expireOnly === true;
    const updates = await this.serial(async () => {
      const list = this.working.get(instrument.id);
      const due = (o: Working) =>
        o.validity === 'DAY' && sessionClose(this.calendar, o.sessionDate) <= bar.time;
      const acts = list?.some((o) => due(o) || (!expireOnly && mayAct(o, bar)));
      let result: BrokerOrderUpdate[] = [];
      if (acts) {
        // BEGIN, the account's lock and the asynchronous commit in one round trip.
        const lock = lockPaperAccountSql(this.account.brokerAccountId);
        const done = await withTransactionFrom<PaperAccountRow, ExecutionResult>(
          this.options.pool,
          lock,
          async (client, rows) => {
            const account = toPaperAccount(rows[0]!);
            this.account = account;
            return executeBar(client, this.executionDeps(account, instrument), instrument, input);
          },
        );
        for (const r of done.orders) {
          this.forget(r);
          if (TERMINAL.has(r.status)) this.count(r);
          else this.remember(r);
        }
        result = done.updates;
        this.options.metrics?.paperTrades.inc(result.filter((u) => u.kind === 'fill').length);
      }
      if (!expireOnly) this.lastPrices.set(instrument.id, bar.close);
      return result;
    });
    await this.deliver(updates);
  }

  private executionDeps(account: PaperAccount, instrument: PaperInstrument) {
    return {
      account,
      calendar: this.calendar,
      costs: (product: BrokerProduct) => orderCostModel(account.costModel, product, instrument.kind),
      slippage: this.slippage,
      marginRate: (instrumentId: number, product: BrokerProduct) => this.marginRate(instrumentId, product),
      lastPrice: (id: number) => this.lastPrices.get(id),
    };
  }

  /** Margin per rupee of exposure: CNC 1, INTRADAY the account's rate, MARGIN per instrument. */
  marginRate(instrumentId: number, product: BrokerProduct): number {
    if (product === 'CNC') return 1;
    if (product === 'INTRADAY') return this.account.intradayMargin;
    const i = this.instruments.cached(instrumentId);
    return (i && this.account.marginRates[`${i.exchange}:${i.symbol}`]) || 1;
  }

  private remember(r: PaperOrderRow): void {
    const list = this.working.get(r.instrument_id) ?? [];
    list.push({
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
      sessionDate: r.session_date,
    });
    list.sort((a, b) => a.id - b.id);
    this.working.set(r.instrument_id, list);
  }

  private isRemembered(r: PaperOrderRow): boolean {
    return this.working.get(r.instrument_id)?.some((o) => o.id === r.id) ?? false;
  }

  private forget(r: PaperOrderRow): void {
    const list = this.working.get(r.instrument_id);
    if (!list) return;
    const kept = list.filter((o) => o.id !== r.id);
    if (kept.length) this.working.set(r.instrument_id, kept);
    else this.working.delete(r.instrument_id);
  }

  private count(r: PaperOrderRow): void {
    this.options.metrics?.paperOrders.inc({ status: r.status, reason: r.reason ?? '' });
  }

  /** Runs state changes one at a time (the working-order cache follows the database). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async deliver(updates: readonly BrokerOrderUpdate[]): Promise<void> {
    for (const update of updates)
      for (const listener of [...this.listeners]) {
        try {
          await listener(update);
        } catch (err) {
          this.options.log.error(
            { err: (err as Error).message, clientOrderId: update.order.clientOrderId },
            'order update listener failed',
          );
        }
      }
  }

  /** Working orders this instance tracks (for tests and diagnostics). */
  workingCount(): number {
    let n = 0;
    for (const list of this.working.values()) n += list.length;
    return n;
  }
}
