// Output schemas of risk.* (see common.ts), and the mappers that turn the risk domain's epoch-ms
// times into the API's ISO strings.
import { z } from 'zod';
import {
  KILL_SWITCH_SCOPES,
  PRESET_NAMES,
  RULE_CODES,
  TRADING_STATES,
  type TradingStateChange,
} from '../../risk/index';
import type { KillSwitchRow } from '../../risk-control/kill-switch-store';
import type { StoredState } from '../../risk-control/trading-state-store';
import { isoTime, jsonObject } from './common';

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

const id = z.number().int();
const scopeKind = z.enum(['account', 'deployment']);
const state = z.enum(TRADING_STATES);
const stateSource = z.enum(['rule', 'operator', 'new_day']);
const limitValue = z.union([z.number(), z.string()]).describe('rupees, a count, "2%" of capital, or HH:MM');

const profileDocument = z.object({
  extends: z.enum(PRESET_NAMES).optional(),
  limits: z.record(z.string(), limitValue),
  soft: z.record(z.string(), limitValue),
  disabledRules: z.array(z.string()),
  flattenOnHalt: z.boolean(),
});

const profile = z.object({
  id,
  ownerId: id,
  name: z.string(),
  description: z.string(),
  latestVersion: id,
  document: profileDocument.describe("The latest version's document"),
  archivedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const killSwitch = z.object({
  id,
  ownerId: id.nullable().describe('The account owner; null for the global switch'),
  scope: z.enum(KILL_SWITCH_SCOPES),
  accountId: id.nullable(),
  deploymentId: id.nullable(),
  flatten: z.boolean(),
  reason: z.string(),
  engagedBy: z.string(),
  engagedAt: isoTime,
  releasedAt: isoTime.nullable(),
  releasedBy: z.string().nullable(),
  releaseReason: z.string().nullable(),
});

export function killSwitchOut(s: KillSwitchRow): z.input<typeof killSwitch> {
  return {
    ...s,
    engagedAt: isoOf(s.engagedAt),
    releasedAt: s.releasedAt === null ? null : isoOf(s.releasedAt),
  };
}

const stateChange = z.object({
  scope: scopeKind,
  scopeId: id,
  from: state,
  to: state,
  source: stateSource,
  rule: z.string().nullable(),
  reason: z.string(),
  by: z.string(),
  flatten: z.boolean(),
  at: isoTime,
});

export function stateChangeOut(c: TradingStateChange): z.input<typeof stateChange> {
  return { ...c, at: isoOf(c.at) };
}

const storedState = z.object({
  scope: scopeKind,
  scopeId: id,
  ownerId: id,
  state,
  source: stateSource,
  reason: z.string(),
  since: isoTime,
  day: z.string().nullable().describe('IST date of the last change or peak'),
  peakPnl: z.number().describe("The day's highest P&L seen, rupees"),
});

export function storedStateOut(s: StoredState): z.input<typeof storedState> {
  return { ...s, since: isoOf(s.since) };
}

const snapshot = z.object({
  id,
  ownerId: id,
  accountId: id,
  at: isoTime,
  gross: z.number(),
  net: z.number(),
  long: z.number(),
  short: z.number(),
  openPositions: id,
  capital: z.number().nullable(),
  leverage: z.number().nullable(),
  dayPnl: z.number().nullable(),
  intradayDrawdown: z.number().nullable(),
  var95: z.number().nullable(),
  es95: z.number().nullable(),
  var99: z.number().nullable(),
  es99: z.number().nullable(),
  beta: z.number().nullable(),
  betaExposure: z.number().nullable(),
  returnDays: id,
  details: jsonObject.describe('By symbol and sector, concentration, unpriced symbols, soft-limit breaches'),
});

export const riskOutputs = {
  catalogue: z.object({
    rules: z.record(
      z.enum(RULE_CODES),
      z.object({
        category: z.string(),
        summary: z.string(),
        disableable: z.boolean(),
        exemptWhenReducing: z.boolean(),
      }),
    ),
    limits: z.record(z.string(), z.object({ rule: z.string(), unit: z.string(), summary: z.string() })),
    softLimits: z.record(z.string(), z.object({ unit: z.string(), code: z.string(), summary: z.string() })),
    presets: z.record(z.enum(PRESET_NAMES), profileDocument),
    presetVersion: id,
  }),
  profile,
  profiles: z.array(profile),
  profileDetail: profile.extend({
    versions: z.array(
      z.object({
        profileId: id,
        version: id,
        document: profileDocument,
        createdBy: z.string(),
        createdAt: isoTime,
      }),
    ),
    assigned: z.object({ accounts: z.array(id), deployments: z.array(id) }),
  }),
  assign: z.object({
    ownerId: id,
    accountId: id,
    deploymentId: id.nullable(),
    previous: id.nullable(),
    profileId: id.nullable(),
  }),
  state: z.object({ states: z.array(storedState), changes: z.array(stateChange.extend({ id })) }),
  stateChange,
  violations: z.array(
    z.object({
      id,
      at: isoTime,
      ownerId: id,
      severity: z.enum(['deny', 'warning']),
      rule: z.string(),
      scope: z.string().nullable(),
      accountId: id.nullable(),
      deploymentId: id.nullable(),
      signalId: id.nullable(),
      clientOrderId: z.string().nullable(),
      limitName: z.string().nullable(),
      limit: z.string().nullable(),
      value: z.string().nullable(),
      profileId: id.nullable(),
      profileVersion: id.nullable(),
      checkId: z.string().nullable(),
      message: z.string(),
      details: jsonObject,
    }),
  ),
  killSwitch,
  killSwitchStatus: z.object({ engaged: z.array(killSwitch), recent: z.array(killSwitch) }),
  engaged: z.object({
    killSwitch,
    created: z.boolean().describe('false: one was already engaged over that scope'),
  }),
  sizing: z.object({
    stopPrice: z.number(),
    stopDistance: z.number(),
    riskBudget: z.number(),
    rawQty: z.number(),
    qty: id,
    lots: z.number(),
    riskAtStop: z.number(),
    positionValue: z.number(),
    marginNeeded: z.number(),
    limitedBy: z.enum(['risk', 'max_position_value', 'funds']),
  }),
  portfolio: z.object({ latest: snapshot.nullable(), series: z.array(snapshot) }),
  funds: z.object({ accountId: id, capital: z.number() }),
  sector: z.object({ instrumentId: id, sector: z.string().nullable() }),
};
