// Portfolio exposure for monitoring (risk.scan), not gating: gross and net exposure, by symbol
// and by sector where the sector is known, leverage against capital, concentration, and the
// intraday drawdown of the day's P&L. Values are rupees at the given prices.

export interface PortfolioPosition {
  symbol: string;
  /** Signed quantity. */
  qty: number;
  price: number;
  sector?: string | null;
}

export interface SymbolExposure {
  symbol: string;
  qty: number;
  price: number;
  /** Signed value: qty × price. */
  value: number;
  /** |value| ÷ gross exposure. */
  weight: number;
  sector: string | null;
}

export interface SectorExposure {
  sector: string;
  gross: number;
  net: number;
  weight: number;
}

export interface ExposureReport {
  gross: number;
  net: number;
  long: number;
  short: number;
  openPositions: number;
  /** Largest |value| first. */
  bySymbol: SymbolExposure[];
  /** Positions with a known sector, largest gross first. */
  bySector: SectorExposure[];
  /** Gross of positions whose sector is unknown. */
  unclassifiedGross: number;
  /** gross ÷ capital; null without a positive capital. */
  leverage: number | null;
  /** The largest position's share of gross, and the Herfindahl index Σ weight² (1 = one symbol). */
  concentration: { symbol: string | null; weight: number; herfindahl: number };
  /** The largest position's value as % of capital; null without capital. */
  largestPercentOfCapital: number | null;
}

export function exposureReport(positions: readonly PortfolioPosition[], capital: number): ExposureReport {
  let long = 0;
  let short = 0;
  const held = positions.filter((p) => p.qty !== 0);
  for (const p of held) {
    const v = p.qty * p.price;
    if (v > 0) long += v;
    else short -= v;
  }
  const gross = long + short;
  const bySymbol = held
    .map((p) => {
      const value = p.qty * p.price;
      return {
        symbol: p.symbol,
        qty: p.qty,
        price: p.price,
        value,
        weight: gross > 0 ? Math.abs(value) / gross : 0,
        sector: p.sector ?? null,
      };
    })
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.symbol.localeCompare(b.symbol));
  const sectors = new Map<string, { gross: number; net: number }>();
  let unclassifiedGross = 0;
  for (const s of bySymbol) {
    if (!s.sector) {
      unclassifiedGross += Math.abs(s.value);
      continue;
    }
    const e = sectors.get(s.sector) ?? { gross: 0, net: 0 };
    e.gross += Math.abs(s.value);
    e.net += s.value;
    sectors.set(s.sector, e);
  }
  const bySector = [...sectors.entries()]
    .map(([sector, e]) => ({ sector, gross: e.gross, net: e.net, weight: gross > 0 ? e.gross / gross : 0 }))
    .sort((a, b) => b.gross - a.gross || a.sector.localeCompare(b.sector));
  const top = bySymbol[0];
  const hasCapital = capital > 0;
  return {
    gross,
    net: long - short,
    long,
    short,
    openPositions: held.length,
    bySymbol,
    bySector,
    unclassifiedGross,
    leverage: hasCapital ? gross / capital : null,
    concentration: {
      symbol: top?.symbol ?? null,
      weight: top?.weight ?? 0,
      herfindahl: bySymbol.reduce((sum, s) => sum + s.weight * s.weight, 0),
    },
    largestPercentOfCapital:
      hasCapital && top ? (Math.abs(top.value) / capital) * 100 : hasCapital ? 0 : null,
  };
}

export interface IntradayDrawdown {
  /** Highest day P&L seen (the day starts at 0). */
  peak: number;
  current: number;
  /** peak − current. */
  drawdown: number;
  /** The largest peak-to-trough fall of the day so far. */
  maxDrawdown: number;
}

/** From the day's P&L samples in time order. */
export function intradayDrawdown(dayPnl: readonly number[]): IntradayDrawdown {
  let peak = 0;
  let maxDrawdown = 0;
  let current = 0;
  for (const v of dayPnl) {
    current = v;
    if (v > peak) peak = v;
    if (peak - v > maxDrawdown) maxDrawdown = peak - v;
  }
  return { peak, current, drawdown: peak - current, maxDrawdown };
}
