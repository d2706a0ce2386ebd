// The limits a risk profile sets, one per rule, with the unit each is written in. Money limits
// are rupees (a number) or a share of the account's capital ("2%"), so one preset fits any
// account size; the gate resolves a share against the funds figure the runner passes in, and
// fails closed when there is none.
import { z } from 'zod';
import type { RuleCode } from './rule-catalogue';

export type LimitUnit = 'count' | 'money' | 'percent' | 'seconds' | 'time';

export interface LimitSpec {
  rule: RuleCode;
  unit: LimitUnit;
  summary: string;
}

export const LIMITS = {
  maxOrderQty: { rule: 'max_order_qty', unit: 'count', summary: 'units in one order' },
  maxOrderValue: { rule: 'max_order_value', unit: 'money', summary: 'value of one order' },
  maxPositionValue: { rule: 'max_position_value', unit: 'money', summary: 'value held in one symbol' },
  maxGrossExposure: { rule: 'max_gross_exposure', unit: 'money', summary: 'sum of |position values|' },
  maxNetExposure: { rule: 'max_net_exposure', unit: 'money', summary: '|long − short value|' },
  maxOpenPositions: { rule: 'max_open_positions', unit: 'count', summary: 'symbols with a position' },
  maxConcentrationPercent: {
    rule: 'max_concentration',
    unit: 'percent',
    summary: 'value in one symbol, % of capital',
  },
  maxOrdersPerSecond: { rule: 'orders_per_second', unit: 'count', summary: 'orders in any 1 s' },
  maxOrdersPerMinute: { rule: 'orders_per_minute', unit: 'count', summary: 'orders in any 60 s' },
  maxOrdersPerDay: { rule: 'orders_per_day', unit: 'count', summary: 'orders in the trading day' },
  dailyLossReduce: { rule: 'daily_loss', unit: 'money', summary: "day's loss that turns REDUCING" },
  dailyLossHalt: { rule: 'daily_loss', unit: 'money', summary: "day's loss that turns HALTED" },
  drawdownReduce: { rule: 'drawdown', unit: 'money', summary: "fall from the day's peak → REDUCING" },
  drawdownHalt: { rule: 'drawdown', unit: 'money', summary: "fall from the day's peak → HALTED" },
  priceCollarPercent: { rule: 'price_collar', unit: 'percent', summary: 'limit price distance from LTP' },
  maxTickAgeSeconds: { rule: 'stale_price', unit: 'seconds', summary: 'age of the last tick' },
  squareOffTime: { rule: 'after_square_off', unit: 'time', summary: 'IST time of the intraday cut-off' },
} as const satisfies Record<string, LimitSpec>;

export type LimitKey = keyof typeof LIMITS;
export const LIMIT_KEYS = Object.keys(LIMITS) as LimitKey[];

/** Soft limits: warnings from the portfolio scan (risk.scan), never a denial. */
export const SOFT_LIMITS = {
  maxPositionValue: { unit: 'money', code: 'max_position_value', summary: LIMITS.maxPositionValue.summary },
  maxGrossExposure: { unit: 'money', code: 'max_gross_exposure', summary: LIMITS.maxGrossExposure.summary },
  maxNetExposure: { unit: 'money', code: 'max_net_exposure', summary: LIMITS.maxNetExposure.summary },
  maxOpenPositions: { unit: 'count', code: 'max_open_positions', summary: LIMITS.maxOpenPositions.summary },
  maxConcentrationPercent: {
    unit: 'percent',
    code: 'max_concentration',
    summary: LIMITS.maxConcentrationPercent.summary,
  },
  dailyLossHalt: { unit: 'money', code: 'daily_loss', summary: "day's loss" },
  drawdownHalt: { unit: 'money', code: 'drawdown', summary: "fall from the day's peak" },
  maxLeverage: { unit: 'ratio', code: 'max_leverage', summary: 'gross exposure ÷ capital' },
  maxVar95: { unit: 'money', code: 'max_var_95', summary: '1-day historical VaR at 95 %' },
  maxVar99: { unit: 'money', code: 'max_var_99', summary: '1-day historical VaR at 99 %' },
} as const satisfies Record<string, { unit: LimitUnit | 'ratio'; code: string; summary: string }>;

/** The code a soft-limit warning is stored and counted under (a rule's code where there is one). */
export type WarningCode = (typeof SOFT_LIMITS)[keyof typeof SOFT_LIMITS]['code'];

export type SoftLimitKey = keyof typeof SOFT_LIMITS;
export const SOFT_LIMIT_KEYS = Object.keys(SOFT_LIMITS) as SoftLimitKey[];

/** A limit as written in a profile: rupees, or "N%" of capital for money limits; HH:MM for a time. */
export type LimitValue = number | string;

/** Money as the gate uses it: rupees, or a percentage of capital. */
export type Money = { rupees: number } | { percent: number };

const PERCENT_TEXT = /^(\d+(?:\.\d+)?)%$/;
const TIME_TEXT = /^([01]\d|2[0-3]):([0-5]\d)$/;

function isMoneyValue(value: unknown): boolean {
  if (typeof value === 'number') return value > 0 && Number.isFinite(value);
  if (typeof value !== 'string') return false;
  const m = PERCENT_TEXT.exec(value);
  return m !== null && Number(m[1]) > 0 && Number(m[1]) <= 1000;
}

// One message for both forms: a union would report the string branch's regex to a user who
// typed a negative number.
const money = z.custom<LimitValue>(isMoneyValue, {
  message: 'rupees (a number > 0) or a share of capital such as "2%" (> 0 %, at most 1000 %)',
});

const SCHEMAS: Record<LimitUnit | 'ratio', z.ZodType> = {
  count: z.int().positive().max(1_000_000_000),
  money,
  percent: z.number().positive().max(100),
  seconds: z.number().positive().max(86_400),
  time: z.string().regex(TIME_TEXT, 'a time HH:MM (IST), 00:00 to 23:59'),
  ratio: z.number().positive().max(1000),
};

export function limitSchema(unit: LimitUnit | 'ratio'): z.ZodType {
  return SCHEMAS[unit];
}

/** Reads a validated money limit. */
export function toMoney(value: LimitValue): Money {
  if (typeof value === 'number') return { rupees: value };
  const m = PERCENT_TEXT.exec(value);
  return { percent: Number(m![1]) };
}

/** Minutes after IST midnight of a validated HH:MM. */
export function toMinuteOfDay(value: LimitValue): number {
  const m = TIME_TEXT.exec(String(value))!;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Rupees of a money limit for a given capital (NaN when it is a share and capital is unknown). */
export function moneyIn(m: Money, capital: number): number {
  return 'rupees' in m ? m.rupees : (capital * m.percent) / 100;
}

/** Whether two limits can be compared without knowing the capital (same unit kind). */
export function comparable(a: LimitValue, b: LimitValue): boolean {
  return typeof a === typeof b;
}

/** Orders two comparable limit values (rupees with rupees, shares with shares, times as text). */
export function limitNumber(value: LimitValue): number {
  if (typeof value === 'number') return value;
  const pct = PERCENT_TEXT.exec(value);
  if (pct) return Number(pct[1]);
  return toMinuteOfDay(value);
}

/** A limit as people read it: ₹5,00,000 or 2 % of capital. */
export function describeLimit(value: LimitValue, unit: LimitUnit | 'ratio'): string {
  if (unit === 'money') {
    const m = toMoney(value);
    return 'rupees' in m ? formatInr(m.rupees) : `${m.percent}% of capital`;
  }
  if (unit === 'percent') return `${value}%`;
  if (unit === 'seconds') return `${value} s`;
  return String(value);
}

/** Rupees in the Indian grouping (₹12,34,567.89), for messages. */
export function formatInr(rupees: number): string {
  if (!Number.isFinite(rupees)) return `₹${rupees}`;
  const negative = rupees < 0;
  const [whole, fraction] = Math.abs(rupees).toFixed(2).split('.') as [string, string];
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  const grouped = rest ? `${rest},${last3}` : last3;
  return `${negative ? '-' : ''}₹${grouped}${fraction === '00' ? '' : `.${fraction}`}`;
}
