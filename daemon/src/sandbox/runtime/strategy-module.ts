// Turns what a user module exports into a strategy definition the engine can run. The default
// export must be what defineStrategy returns; anything else is refused with a message saying what
// was expected. The callbacks are wrapped so the call tracker knows which one runs: the wrapper is
// the whole per-call cost of the sandbox (one counter increment and two stores).
import type { AnyStrategy } from '../../strategies/strategy';
import type { CallTracker } from './call-tracker';

/** Thrown for a module whose exports are not a strategy; the message is shown to the user as is. */
export class StrategyShapeError extends Error {
  override readonly name = 'StrategyShapeError';
}

const MAX_NAME = 100;
const MAX_DESCRIPTION = 2000;
/** Orders one callback may place, and one run: beyond them the strategy is stopped, not the daemon. */
export const MAX_ORDERS_PER_CALL = 10_000;
export const MAX_ORDERS_PER_RUN = 2_000_000;
const MAX_TAG = 200;
/** The context's methods that place an order. */
export const ORDER_METHODS = [
  'buy',
  'sell',
  'buyLimit',
  'sellLimit',
  'buyStop',
  'sellStop',
  'buyStopLimit',
  'sellStopLimit',
  'trailingStop',
  'order',
  'bracket',
  'close',
] as const;

/** The tag an order method was given: buy/sell(qty, tag), close(tag), order/bracket({ tag }). */
function tagOf(method: (typeof ORDER_METHODS)[number], args: unknown[]): unknown {
  if (method === 'buy' || method === 'sell') return args[1];
  if (method === 'close') return args[0];
  if (method === 'order' || method === 'bracket') return (args[0] as { tag?: unknown } | undefined)?.tag;
  return undefined;
}

/**
 * Counts the orders of a run. The context's order methods are wrapped once per context (own
 * properties over the class's methods), so the count costs nothing on bars without orders.
 */
function orderGuard() {
  const marker = Symbol('guarded');
  let perCall = 0;
  let perRun = 0;
  const count = (tag: unknown) => {
    if (++perCall > MAX_ORDERS_PER_CALL)
      throw new RangeError(`more than ${MAX_ORDERS_PER_CALL} orders in one call: the strategy is stopped`);
    if (++perRun > MAX_ORDERS_PER_RUN)
      throw new RangeError(`more than ${MAX_ORDERS_PER_RUN} orders in one run: the strategy is stopped`);
    if (tag !== undefined && (typeof tag !== 'string' || tag.length > MAX_TAG))
      throw new TypeError(`an order tag must be a string of at most ${MAX_TAG} characters`);
  };
  const guard = (ctx: Record<string | symbol, unknown>) => {
    if (ctx[marker] === true) return;
    for (const name of ORDER_METHODS) {
      const method = ctx[name] as (...args: unknown[]) => unknown;
      if (typeof method !== 'function') continue;
      // Not configurable, not writable: the strategy cannot put the unguarded method back.
      Object.defineProperty(ctx, name, {
        value: (...args: unknown[]) => {
          count(tagOf(name, args));
          return method.apply(ctx, args);
        },
      });
    }
    Object.defineProperty(ctx, marker, { value: true });
  };
  return {
    /** Before each callback: a fresh per-call count, the context's methods wrapped. */
    enter(ctx: unknown) {
      perCall = 0;
      if (typeof ctx === 'object' && ctx !== null) guard(ctx as Record<string | symbol, unknown>);
    },
  };
}

function isSchema(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function' &&
    '_zod' in value
  );
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string')
    throw new StrategyShapeError(`${field} must be a string, got ${typeof value}`);
  if (value.length > max)
    throw new StrategyShapeError(`${field} must be at most ${max} characters, got ${value.length}`);
  return value;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Callback = (...args: any[]) => unknown;
const bind = Function.prototype.bind;

/** The callback bound to the definition once, through the intrinsic bind (a user `bind` is ignored). */
function callback(value: unknown, self: object, field: string, required: boolean): Callback | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'function')
    throw new StrategyShapeError(
      `${field} must be a function, got ${value === null ? 'null' : typeof value}`,
    );
  return bind.call(value, self) as Callback;
}

/** The module's default export, checked; reads each field once (a getter cannot change its mind). */
export function strategyFromExports(exports: unknown, tracker: CallTracker): AnyStrategy {
  const definition =
    typeof exports === 'object' && exports !== null ? (exports as { default?: unknown }).default : undefined;
  if (typeof definition !== 'object' || definition === null)
    throw new StrategyShapeError(
      "the module must `export default defineStrategy({ ... })` (from 'quanttrade/strategy')",
    );
  const d = definition as Record<string, unknown>;
  const name = text(d.name, 'name', MAX_NAME);
  const description = text(d.description ?? '', 'description', MAX_DESCRIPTION);
  const params = d.params;
  if (!isSchema(params))
    throw new StrategyShapeError('params must be a parameter schema built with z (z.strictObject({ ... }))');
  const init = callback(d.init, d, 'init', true)!;
  const onBar = callback(d.onBar, d, 'onBar', true)!;
  const onOrder = callback(d.onOrder, d, 'onOrder', false);
  const onTrade = callback(d.onTrade, d, 'onTrade', false);
  const orders = orderGuard();
  return {
    name,
    description,
    params: params as AnyStrategy['params'],
    init(ctx) {
      tracker.enter('init', ctx);
      return init(ctx);
    },
    onBar(ctx, state) {
      tracker.enter('onBar', ctx);
      orders.enter(ctx);
      onBar(ctx, state);
    },
    onOrder: onOrder
      ? (ctx, order, state) => {
          tracker.enter('onOrder', ctx);
          orders.enter(ctx);
          onOrder(ctx, order, state);
        }
      : undefined,
    onTrade: onTrade
      ? (ctx, trade, state) => {
          tracker.enter('onTrade', ctx);
          orders.enter(ctx);
          onTrade(ctx, trade, state);
        }
      : undefined,
  };
}
