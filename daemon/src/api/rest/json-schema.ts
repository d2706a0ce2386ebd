// zod → JSON Schema (2020-12, the dialect of OpenAPI 3.1) for the REST surface, with zod's own
// converter. Recursive schemas come back with local `$defs`; inside an OpenAPI document `#/$defs`
// would point at the document's root, so `liftDefinitions` moves them into components.schemas.
import { z } from 'zod';
import type { JsonSchema } from '../json-schema-example';

export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The JSON Schema of a procedure's input: one schema, or all of them when chained. */
export function inputJsonSchema(inputs: z.ZodType[]): JsonSchema | null {
  if (inputs.length === 0) return null;
  if (inputs.length === 1) return toJsonSchema(inputs[0]!, 'input');
  return { allOf: inputs.map((s) => toJsonSchema(s, 'input')) };
}

/**
 * Moves `$defs` of `schema` into `components` under `<prefix>.<name>` and rewrites the refs.
 * Returns the schema without `$defs`.
 */
export function liftDefinitions(
  schema: JsonSchema,
  prefix: string,
  components: Record<string, JsonSchema>,
): JsonSchema {
  const defs = schema.$defs as Record<string, JsonSchema> | undefined;
  if (!defs) return schema;
  const { $defs: _defs, ...rest } = schema;
  const rename = (name: string) => `${prefix}.${name}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] =
        key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(v.slice('#/$defs/'.length))}`
          : rewrite(v);
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs)) components[rename(name)] = rewrite(def) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}
