// What `quanttrade paper` prints while it runs: one line per fill and per order that ends
// without filling, with the account's value after it.
import type { Fill } from '../../core/fill';
import type { Order } from '../../core/order';
import { istIsoString } from '../../core/time';
import { rupees } from '../backtest/format';

const when = (t: number) => istIsoString(t).slice(0, 16).replace('T', ' ');

export function fillLine(order: Order, fill: Fill, equity: number): string {
  const part = order.filledQty < order.qty ? ` (${order.filledQty}/${order.qty})` : '';
  return (
    `${when(fill.time)}  ${fill.side.toUpperCase().padEnd(4)} ${String(fill.qty).padStart(6)} ${order.symbol.padEnd(12)}` +
    ` @ ${fill.price.toFixed(2)}${part}  costs ${rupees(fill.costs.total)}  value ${rupees(equity)}` +
    (order.tag ? `  [${order.tag}]` : '')
  );
}

export function closedLine(order: Order): string {
  return (
    `${when(order.time)}  ${order.status.toUpperCase()} ${order.side} ${order.qty} ${order.symbol}` +
    ` (${order.reason ?? 'no reason'}${order.message ? `: ${order.message}` : ''})`
  );
}
