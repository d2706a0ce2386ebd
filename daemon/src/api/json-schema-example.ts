// A plausible example value for a JSON Schema, so the API explorer can prefill its editor for
// procedures that did not declare `meta.example`. Prefers defaults and examples, then the
// smallest valid-looking value per type.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
  [key: string]: unknown;
}

const FORMATS: Record<string, string> = {
  email: 'user@example.com',
  'date-time': '2025-01-01T09:15:00+05:30',
  date: '2025-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com',
};

function exampleString(schema: JsonSchema): string {
  if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format]!;
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

function exampleNumber(schema: JsonSchema): number {
  if (schema.minimum !== undefined) return schema.minimum;
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + 1;
  return 1;
}

export function exampleFromSchema(schema: JsonSchema, depth = 0): unknown {
  if (depth > 8) return null;
  if (schema.default !== undefined) return schema.default;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alternative) return exampleFromSchema(alternative, depth + 1);
  if (schema.allOf?.length) {
    return Object.assign({}, ...schema.allOf.map((s) => exampleFromSchema(s, depth + 1) as object));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        if (property) out[key] = exampleFromSchema(property, depth + 1);
      }
      return out;
    }
    case 'array':
      return schema.items && (schema.minItems ?? 0) > 0 ? [exampleFromSchema(schema.items, depth + 1)] : [];
    case 'string':
      return exampleString(schema);
    case 'integer':
    case 'number':
      return exampleNumber(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}
