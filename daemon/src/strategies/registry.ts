// The built-in strategy templates, by name. The API (strategies.templates) lists them with their
// defaults and JSON Schema; backtests look them up and validate parameters through here.
import { z } from 'zod';
import { validationError } from '../core/errors';
import { fieldIssues } from '../core/zod-issues';
import type { AnyStrategy } from './strategy';
import { emaCross, smaCross } from './templates/average-cross';
import { bollingerReversion } from './templates/bollinger-reversion';
import { buyAndHold } from './templates/buy-and-hold';
import { donchianBreakout } from './templates/donchian-breakout';
import { macdCross } from './templates/macd-cross';
import { rsiReversion } from './templates/rsi-reversion';
import { supertrendTemplate } from './templates/supertrend';

const TEMPLATES: readonly AnyStrategy[] = [
  smaCross,
  emaCross,
  rsiReversion,
  bollingerReversion,
  macdCross,
  donchianBreakout,
  supertrendTemplate,
  buyAndHold,
];

export interface TemplateInfo {
  name: string;
  description: string;
  /** Every parameter's default value. */
  defaults: Record<string, unknown>;
  /** The parameter schema as JSON Schema (draft 2020-12), input side: defaulted fields optional. */
  schema: Record<string, unknown>;
}

export function templateNames(): string[] {
  return TEMPLATES.map((t) => t.name);
}

export function getTemplate(name: string): AnyStrategy | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/** The template called `name`, or a VALIDATION_FAILED error listing the known names. */
export function requireTemplate(name: string): AnyStrategy {
  const template = getTemplate(name);
  if (!template)
    throw validationError([
      { path: 'strategy', value: name, expected: `one of ${templateNames().join(', ')}` },
    ]);
  return template;
}

/** The names of a template's parameters, in schema order. */
export function parameterNames(template: AnyStrategy): string[] {
  const schema = z.toJSONSchema(template.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: object;
  };
  return Object.keys(schema.properties ?? {});
}

/** Parses raw parameters with the template's schema (defaults applied); throws naming each bad field. */
export function parseParams(template: AnyStrategy, raw: Record<string, unknown>): Record<string, unknown> {
  const parsed = template.params.safeParse(raw);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = fieldIssues(parsed.error.issues, raw, {
    prefix: 'params',
    known: parameterNames(template),
  });
  throw validationError(issues, `parameters for ${template.name}`);
}

export function describeTemplate(template: AnyStrategy): TemplateInfo {
  return {
    name: template.name,
    description: template.description,
    defaults: template.params.parse({}) as Record<string, unknown>,
    schema: z.toJSONSchema(template.params, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
  };
}

export function listTemplates(): TemplateInfo[] {
  return TEMPLATES.map(describeTemplate);
}
