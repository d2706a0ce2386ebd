// NSE equity tick sizes by price (from 15 Apr 2025; ../shared/reference/india-market.md §2).
// Real instruments take their tick from Dhan's scrip master; this is for synthetic prices and
// for instruments created before the master is loaded.

const SLABS: readonly [below: number, tick: number][] = [
  [250, 0.01],
  [1_000, 0.05],
  [5_000, 0.1],
  [10_000, 0.5],
  [20_000, 1],
];

export function nseTickSize(price: number): number {
  for (const [below, tick] of SLABS) if (price < below) return tick;
  return 5;
}
