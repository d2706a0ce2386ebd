// What a deployment runs (issue 10 §2): a saved strategy version, its parameters, a universe,
// a timeframe, a product, capital, the broker account and optionally a risk profile. The zod
// schema checks the shape; deployment-validation.ts checks it against the database (symbols in
// the instrument master, the strategy's own parameter schema, ownership).
import { z } from 'zod';
import { decimalToPaise, paiseToDecimal } from '../../core/exact-money';

export const DEPLOYMENT_TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '1d'] as const;
export type DeploymentTimeframe = (typeof DEPLOYMENT_TIMEFRAMES)[number];

export const DEPLOYMENT_PRODUCTS = ['CNC', 'INTRADAY', 'MARGIN'] as const;
export type DeploymentProduct = (typeof DEPLOYMENT_PRODUCTS)[number];

export const DEPLOYMENT_MODES = ['paper', 'live'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** Largest universe one deployment runs (sql/018 enforces it too). */
export const MAX_DEPLOYMENT_SYMBOLS = 500;

/** Capital at most 10^15 rupees fits numeric(20, 2) with room to spare. */
const MAX_CAPITAL_PAISE = 10n ** 17n;

const CAPITAL_TEXT = /^\d{1,16}(\.\d{1,2})?$/;

/**
 * Capital in rupees, as a decimal string ("250000", "250000.50") or a number with at most two
 * decimals; normalised to a string with two decimals so no float reaches the numeric column.
 */
export const capitalSchema = z.union([z.string().trim(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value;
  if (!CAPITAL_TEXT.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'a positive amount in rupees with at most 2 decimals' });
    return z.NEVER;
  }
  const paise = decimalToPaise(text, 'capital');
  if (paise <= 0n || paise > MAX_CAPITAL_PAISE) {
    ctx.addIssue({ code: 'custom', message: 'an amount greater than 0 and at most 10^15 rupees' });
    return z.NEVER;
  }
  return paiseToDecimal(paise);
});

const symbol = z
  .string()
  .trim()
  .min(1)
  .max(70)
  .regex(
    /^[A-Za-z0-9&._:^-]+$/,
    'a symbol such as TCS or NSE:TCS (letters, digits, & . _ - ^ and one colon)',
  );

export const deploymentName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\s#][^\n\r\t]*$/, 'a name without tabs or line breaks, not starting with # or a space')
  .refine((s) => !/^\d+$/.test(s), 'a name that is not only digits (those are ids)');

const id = z
  .int()
  .positive()
  .max(2 ** 53 - 1);

/** The fields a create gives. */
export const deploymentSpecSchema = z.strictObject({
  name: deploymentName,
  strategyId: id,
  strategyVersion: z.int().positive().max(2_147_483_647),
  params: z.record(z.string().max(100), z.unknown()).default({}),
  symbols: z.array(symbol).min(1).max(MAX_DEPLOYMENT_SYMBOLS),
  timeframe: z.enum(DEPLOYMENT_TIMEFRAMES),
  product: z.enum(DEPLOYMENT_PRODUCTS),
  capital: capitalSchema,
  brokerAccountId: id,
  riskProfileId: id.nullable().default(null),
  mode: z.enum(DEPLOYMENT_MODES).default('paper'),
});
export type DeploymentSpecInput = z.input<typeof deploymentSpecSchema>;
export type DeploymentSpec = z.output<typeof deploymentSpecSchema>;

/** The fields an update may change (any subset, at least one). */
export const deploymentChangesSchema = z
  .strictObject({
    name: deploymentName,
    strategyId: id,
    strategyVersion: z.int().positive().max(2_147_483_647),
    params: z.record(z.string().max(100), z.unknown()),
    symbols: z.array(symbol).min(1).max(MAX_DEPLOYMENT_SYMBOLS),
    timeframe: z.enum(DEPLOYMENT_TIMEFRAMES),
    product: z.enum(DEPLOYMENT_PRODUCTS),
    capital: capitalSchema,
    brokerAccountId: id,
    riskProfileId: id.nullable(),
    mode: z.enum(DEPLOYMENT_MODES),
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'at least one field to change');
export type DeploymentChanges = z.output<typeof deploymentChangesSchema>;
