// The subset of JSON Schema the daemon emits for template parameters and procedure inputs
// (zod's toJSONSchema output): enough to build a form and to validate it before sending.
export interface JsonSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null' | string[];
  title?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** The one type a form field edits: `anyOf [X, null]` (nullable/optional) edits as X. */
export function fieldType(schema: JsonSchema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const concrete = variants.filter((v) => v.type !== 'null');
    return concrete.length === 1 ? fieldType(concrete[0]!) : 'json';
  }
  if (schema.enum) return 'enum';
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'json';
  return schema.type ?? 'json';
}

/** The concrete schema behind a nullable `anyOf`. */
export function concrete(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  const picked = variants?.filter((v) => v.type !== 'null');
  return picked?.length === 1
    ? {
        ...picked[0]!,
        description: schema.description ?? picked[0]!.description,
        default: schema.default ?? picked[0]!.default,
      }
    : schema;
}

/** Words for a field name: 'fastPeriod' → 'Fast period', 'stop_loss_pct' → 'Stop loss pct'. */
export function labelFor(name: string, schema: JsonSchema): string {
  if (schema.title) return schema.title;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Default values for every property that declares one (nested objects included). */
export function defaultsOf(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const c = concrete(prop);
    if (c.default !== undefined) out[name] = c.default;
    else if (fieldType(c) === 'object') out[name] = defaultsOf(c);
  }
  return out;
}
