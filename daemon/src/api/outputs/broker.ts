// Output schemas of broker.* (see common.ts). An account never carries its token or its full
// client id: the schemas name neither, so neither can leave even by accident.
import { z } from 'zod';
import { LINK_STATES } from '../../broker';
import { isoTime } from './common';

export const linkStatusView = z.object({
  accountId: z.number().int(),
  state: z.enum(LINK_STATES),
  detail: z.string().nullable().describe('Why the link is in this state (never a secret)'),
  since: isoTime.nullable(),
  daemonId: z.string().nullable().describe('The daemon holding the link'),
  heartbeatAt: isoTime.nullable(),
});

export const brokerAccountView = z.object({
  id: z.number().int(),
  ownerId: z.number().int(),
  broker: z.enum(['dhan', 'paper']),
  label: z.string(),
  clientIdHint: z.string().nullable().describe('The client id masked to its last four digits'),
  hasCredentials: z.boolean(),
  keyId: z.string().nullable().describe('Id of the key that encrypted the credentials (not the key)'),
  tokenExpiresAt: isoTime.nullable(),
  tokenSetAt: isoTime.nullable(),
  linkEnabled: z.boolean(),
  autoRenew: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  link: linkStatusView,
  tokenExpiresInSeconds: z.number().int().nullable(),
});

const funds = z.object({
  availableBalance: z.number(),
  startOfDayLimit: z.number(),
  collateral: z.number(),
  utilized: z.number(),
  withdrawable: z.number(),
  receivable: z.number(),
  blockedPayout: z.number(),
});

const holding = z.object({
  exchange: z.string(),
  tradingSymbol: z.string(),
  securityId: z.string(),
  isin: z.string().optional(),
  totalQty: z.number(),
  availableQty: z.number(),
  averageCost: z.number(),
  lastPrice: z.number(),
});

const position = z.object({
  segment: z.string(),
  securityId: z.string(),
  tradingSymbol: z.string().optional(),
  product: z.string(),
  netQty: z.number().describe('Positive long, negative short, 0 closed today'),
  buyQty: z.number(),
  sellQty: z.number(),
  buyAverage: z.number(),
  sellAverage: z.number(),
  realizedProfit: z.number(),
  unrealizedProfit: z.number(),
});

export const brokerOutputs = {
  accounts: z.array(brokerAccountView),
  account: brokerAccountView,
  removed: z.object({ deleted: z.number().int() }),
  funds,
  holdings: z.array(holding),
  positions: z.array(position),
};
