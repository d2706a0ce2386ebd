// Soft limits: the portfolio scan compares its figures with the profile's `soft` limits and
// raises a warning for each one above its limit. Warnings never block an order; they tell the
// operator that a hard limit is near (docs/risk.md).
import {
  SOFT_LIMITS,
  describeLimit,
  formatInr,
  moneyIn,
  toMoney,
  type SoftLimitKey,
  type WarningCode,
} from './limits';
import type { ProfileDocument } from './presets';

/** The scan's figures, in the units of the soft limits (rupees, count, %, ratio). */
export type PortfolioFigures = Partial<Record<SoftLimitKey, number | null>>;

export interface SoftBreach {
  key: SoftLimitKey;
  code: WarningCode;
  limit: number;
  value: number;
  message: string;
}

function threshold(key: SoftLimitKey, raw: number | string, capital: number): number {
  return SOFT_LIMITS[key].unit === 'money' ? moneyIn(toMoney(raw), capital) : Number(raw);
}

function show(key: SoftLimitKey, v: number): string {
  const unit = SOFT_LIMITS[key].unit;
  if (unit === 'money') return formatInr(v);
  if (unit === 'percent') return `${Math.round(v * 100) / 100}%`;
  return String(Math.round(v * 1e4) / 1e4);
}

/** Every soft limit the figures exceed ("above": a value equal to the limit is fine). */
export function softBreaches(
  document: ProfileDocument,
  figures: PortfolioFigures,
  capital: number,
): SoftBreach[] {
  const out: SoftBreach[] = [];
  for (const key of Object.keys(document.soft) as SoftLimitKey[]) {
    const raw = document.soft[key];
    const value = figures[key];
    if (raw === undefined || value === undefined || value === null || !Number.isFinite(value)) continue;
    const limit = threshold(key, raw, capital);
    if (!(limit === limit) || Math.round(value * 100) <= Math.round(limit * 100)) continue;
    out.push({
      key,
      code: SOFT_LIMITS[key].code,
      limit,
      value,
      message: `soft limit ${key}: ${SOFT_LIMITS[key].summary} ${show(key, value)} is above ${describeLimit(raw, SOFT_LIMITS[key].unit)}${typeof raw === 'string' ? ` (${show(key, limit)})` : ''}`,
    });
  }
  return out;
}
