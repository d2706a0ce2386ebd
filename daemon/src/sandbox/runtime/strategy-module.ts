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
      onBar(ctx, state);
    },
    onOrder: onOrder
      ? (ctx, order, state) => {
          tracker.enter('onOrder', ctx);
          onOrder(ctx, order, state);
        }
      : undefined,
    onTrade: onTrade
      ? (ctx, trade, state) => {
          tracker.enter('onTrade', ctx);
          onTrade(ctx, trade, state);
        }
      : undefined,
  };
}
