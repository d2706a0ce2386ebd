// Slippage: how much worse than the quoted price a marketable fill is. Applied to market, stop,
// trailing-stop and square-off fills (which take liquidity), never to limit fills (a limit order
// fills at its price or better by definition). The slipped price is rounded to the tick away from
// the trader and kept inside the bar's range (a fill cannot happen at a price that did not trade).
import { roundToTick } from '../core/money';
import type { OrderSide } from '../core/order';
import type { BarView } from '../indicators/indicator';

export type Slippage = { kind: 'none' } | { kind: 'ticks'; ticks: number } | { kind: 'bps'; bps: number };

export const NO_SLIPPAGE: Slippage = { kind: 'none' };

/** Parses `none`, `ticks:N` or `bps:N` (N ≥ 0); undefined when malformed. */
export function parseSlippage(text: string): Slippage | undefined {
  if (text === 'none') return NO_SLIPPAGE;
  const match = /^(ticks|bps):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const n = Number(match[2]);
  return match[1] === 'ticks' ? { kind: 'ticks', ticks: n } : { kind: 'bps', bps: n };
}

export function formatSlippage(s: Slippage): string {
  if (s.kind === 'none') return 'none';
  return s.kind === 'ticks' ? `ticks:${s.ticks}` : `bps:${s.bps}`;
}

export function applySlippage(
  slippage: Slippage,
  side: OrderSide,
  price: number,
  tickSize: number,
  bar: BarView,
): number {
  if (slippage.kind === 'none') return price;
  const sign = side === 'buy' ? 1 : -1;
  const delta = slippage.kind === 'ticks' ? slippage.ticks * tickSize : (price * slippage.bps) / 10_000;
  const slipped = roundToTick(price + sign * delta, tickSize, side === 'buy' ? 'up' : 'down');
  return side === 'buy'
    ? Math.min(slipped, Math.max(bar.high, price))
    : Math.max(slipped, Math.min(bar.low, price));
}
