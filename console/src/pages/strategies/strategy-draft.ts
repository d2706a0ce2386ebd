// The strategy editor's state and its checks before saving (the daemon checks again).
import type { JsonSchema } from '../../forms/json-schema';
import { validate, type FieldIssue } from '../../forms/schema-validate';

export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '1d'];
export const COST_MODELS = [
  'india',
  'none',
  'india-delivery',
  'india-intraday',
  'india-futures',
  'india-options',
  'percent',
  'flat',
] as const;
export type CostModelName = (typeof COST_MODELS)[number];

export interface CostsDraft {
  model: CostModelName;
  rate?: unknown;
  rupees?: unknown;
}

export interface StrategyDraft {
  name: string;
  description: string;
  template: string;
  params: Record<string, unknown>;
  symbols: string[];
  timeframe: string;
  costs: CostsDraft;
}

/** The cost model as the API takes it: only the fields its model has. */
export function costsInput(costs: CostsDraft) {
  if (costs.model === 'percent') return { model: 'percent' as const, rate: Number(costs.rate) };
  if (costs.model === 'flat') return { model: 'flat' as const, rupees: Number(costs.rupees) };
  return { model: costs.model };
}

const ENVELOPE: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
  },
  required: ['name'],
};

const SYMBOLS: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 200,
  items: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9:&._\\-^]+$' },
};

const RATE: JsonSchema = { type: 'number', minimum: 0, maximum: 0.1 };
const RUPEES: JsonSchema = { type: 'number', minimum: 0, maximum: 10_000 };

export function checkDraft(draft: StrategyDraft, paramsSchema: JsonSchema | undefined): FieldIssue[] {
  const issues = validate(ENVELOPE, { name: draft.name.trim(), description: draft.description });
  if (paramsSchema) validate(paramsSchema, draft.params, 'params', issues);
  validate(SYMBOLS, draft.symbols, 'universe.symbols', issues);
  if (draft.costs.model === 'percent') validate(RATE, draft.costs.rate, 'costs.rate', issues);
  if (draft.costs.model === 'flat') validate(RUPEES, draft.costs.rupees, 'costs.rupees', issues);
  return issues;
}
