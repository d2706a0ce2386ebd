// Checks a live step's output before the deployment runner sees it. Written out by hand rather
// than with zod: it runs on every bar, inside the per-bar latency budget, and a schema parse of
// even a small object costs tens of microseconds.
import type { LiveOrderIntent, LiveStepOutput } from './runtime/live-session';
import type { LogLine } from './runtime/console-capture';

export interface CheckedStep extends LiveStepOutput {
  logs: { lines: LogLine[]; dropped: number };
}

const SIDES = new Set(['buy', 'sell']);
const TYPES = new Set(['market', 'limit', 'stop', 'stop-limit', 'trailing-stop']);
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

class Bad extends Error {}

function fail(what: string): never {
  throw new Bad(what);
}

const isNum = (v: unknown): v is number => typeof v === 'number';
const isInt = (v: unknown): v is number => Number.isInteger(v);
const text = (v: unknown, max: number, what: string): string =>
  typeof v === 'string' && v.length <= max ? v : fail(what);
const list = (v: unknown, max: number, what: string): unknown[] =>
  Array.isArray(v) && v.length <= max ? v : fail(what);
const record = (v: unknown, what: string): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(what);

function order(v: unknown): LiveOrderIntent {
  const o = record(v, 'an order');
  if (!isInt(o.id) || !(o.id > 0)) fail('order.id');
  if (!SIDES.has(o.side as string) || !TYPES.has(o.type as string)) fail('order side or type');
  if (!isNum(o.qty) || !isNum(o.createdTime)) fail('order.qty');
  for (const k of ['limitPrice', 'stopPrice']) if (o[k] !== null && !isNum(o[k])) fail(`order.${k}`);
  for (const k of ['parentId', 'ocoId']) if (o[k] !== null && !isInt(o[k])) fail(`order.${k}`);
  if (o.tag !== null) text(o.tag, 200, 'order.tag');
  text(o.clientOrderId, 30, 'order.clientOrderId');
  text(o.createdBy, 20, 'order.createdBy');
  for (const k of ['parentClientOrderId', 'ocoClientOrderId'])
    if (o[k] !== null) text(o[k], 30, `order.${k}`);
  text(o.symbol, 200, 'order.symbol');
  if (o.trail !== null) {
    const t = record(o.trail, 'order.trail');
    const keys = Object.keys(t);
    if (keys.length !== 1 || !(keys[0] === 'amount' || keys[0] === 'percent') || !isNum(t[keys[0]!]))
      fail('order.trail');
  }
  return o as unknown as LiveOrderIntent;
}

/** The step output, checked; throws an Error naming the first field out of shape. */
export function checkStepOutput(value: unknown): CheckedStep {
  try {
    const v = record(value, 'the output');
    list(v.orders, 20_000, 'orders').forEach(order);
    for (const c of list(v.cancels, 20_000, 'cancels')) {
      const r = record(c, 'a cancel');
      if (!isInt(r.orderId)) fail('cancel.orderId');
      text(r.clientOrderId, 30, 'cancel.clientOrderId');
      text(r.reason, 40, 'cancel.reason');
    }
    for (const i of list(v.ignored, 100_000, 'ignored')) text(i, 200, 'ignored');
    if (v.nextTimeEvent !== null && !isNum(v.nextTimeEvent)) fail('nextTimeEvent');
    for (const p of list(v.positions, 1000, 'positions')) {
      const r = record(p, 'a position');
      text(r.symbol, 200, 'position.symbol');
      if (!isNum(r.qty) || (r.avgPrice !== null && !isNum(r.avgPrice))) fail('position');
    }
    const logs = record(v.logs, 'logs');
    if (!isInt(logs.dropped)) fail('logs.dropped');
    for (const l of list(logs.lines, 1000, 'logs.lines')) {
      const r = record(l, 'a log line');
      if (!LEVELS.has(r.level as string) || !isNum(r.time)) fail('log line');
      text(r.text, 2000, 'log.text');
      text(r.phase, 40, 'log.phase');
    }
    return v as unknown as CheckedStep;
  } catch (err) {
    if (err instanceof Bad) throw new Error(`field ${err.message} is out of shape`);
    throw err;
  }
}
