// The input of a GET operation, read from its query string. Every top-level field of the input
// object is one query parameter; its value is converted by what the field's JSON Schema accepts:
//   ?id=5                  → { id: 5 }             (a number where only numbers are accepted)
//   ?from=2024-01-01       → { from: '2024-01-01' } (a string wherever strings are accepted)
//   ?status=queued&status=running → { status: ['queued', 'running'] }
//   ?filter={"column":"name","contains":"x"}      → an object field, as JSON
// Nothing here validates: a value that cannot be converted is handed on as the text it was, and
// the procedure's own zod schema rejects it with the usual message naming field, value and
// expectation — the same check, the same error, as over tRPC.
import type { JsonSchema } from '../json-schema-example';

type Query = Record<string, string | string[] | undefined>;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The JSON types a schema accepts (anyOf/oneOf/enum/const included). */
export function acceptedTypes(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema || Object.keys(schema).length === 0) return new Set(['any']);
  const add = (t: unknown) => (Array.isArray(t) ? t.forEach(add) : typeof t === 'string' && types.add(t));
  add(schema.type);
  for (const v of schema.enum ?? []) types.add(v === null ? 'null' : typeof v);
  if ('const' in schema) types.add(schema.const === null ? 'null' : typeof schema.const);
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    for (const t of acceptedTypes(member)) types.add(t);
  }
  if (types.has('integer')) types.add('number');
  if (types.size === 0) types.add('any');
  return types;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One query value, converted to what `schema` accepts (or left as text). */
export function convertValue(text: string, schema: JsonSchema | undefined): unknown {
  const types = acceptedTypes(schema);
  if (types.has('string') || types.has('any')) return text;
  if (types.has('number') && NUMBER.test(text.trim())) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && text === 'null') return null;
  if (types.has('object') || types.has('array')) return parseJson(text);
  return text;
}

function convertField(value: string | string[], schema: JsonSchema | undefined): unknown {
  const types = acceptedTypes(schema);
  if (types.has('array') && !types.has('string')) {
    const items = schema?.items ?? schema?.anyOf?.find((m) => m.type === 'array')?.items;
    const values = Array.isArray(value) ? value : [value];
    // A JSON array in one parameter is accepted too: ?symbols=["TCS","INFY"].
    if (values.length === 1 && values[0]!.trim().startsWith('[')) return parseJson(values[0]!);
    return values.map((v) => convertValue(v, items));
  }
  if (Array.isArray(value)) return value.map((v) => convertValue(v, schema));
  return convertValue(value, schema);
}

/** The properties of an object schema (through a top-level anyOf of object and null, if any). */
export function objectProperties(schema: JsonSchema | null): Record<string, JsonSchema> | undefined {
  if (!schema) return undefined;
  if (schema.properties) return schema.properties;
  for (const member of schema.anyOf ?? schema.allOf ?? []) {
    const found = objectProperties(member);
    if (found) return found;
  }
  return undefined;
}

/**
 * The procedure input for a query string. No parameters → undefined, so that optional inputs
 * and inputs with defaults behave as when a tRPC client sends none.
 */
export function inputFromQuery(query: Query, schema: JsonSchema | null): unknown {
  const entries = Object.entries(query).filter((e): e is [string, string | string[]] => e[1] !== undefined);
  if (entries.length === 0) return undefined;
  const properties = objectProperties(schema);
  // A procedure whose input is not an object takes it whole, as JSON, in ?input=.
  if (!properties) {
    const whole = query.input;
    return typeof whole === 'string' ? parseJson(whole) : Object.fromEntries(entries);
  }
  const input: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const field = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
    // defineProperty: a parameter named __proto__ is data, never the object's prototype.
    Object.defineProperty(input, name, {
      value: convertField(value, field),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return input;
}
