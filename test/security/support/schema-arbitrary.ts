// fast-check arbitraries for a procedure's input, from its zod schema (through the JSON Schema zod
// derives, which the API explorer shows too): values the schema accepts, or nearly — the fuzz
// suite then breaks them (hostile-values.ts). Sizes are kept small here; hostility adds the big.
import fc from 'fast-check';

type Schema = Record<string, unknown>;

const MAX_ITEMS = 4;
const MAX_CHARS = 24;

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  const minLength = Math.min(Number(s.minLength ?? 0), MAX_CHARS);
  const maxLength = Math.max(minLength, Math.min(Number(s.maxLength ?? MAX_CHARS), MAX_CHARS));
  if (typeof s.pattern === 'string') {
    try {
      const re = new RegExp(s.pattern);
      const fits = (v: string) => v.length >= minLength && v.length <= Math.max(maxLength, 80);
      // Not .filter(): a pattern whose matches are mostly shorter than minLength (`^\S+$` with
      // 16 at least) would retry for ever. A match of the wrong length becomes a plain string
      // of the right length instead — nearly valid, which is what the fuzz wants anyway.
      return fc
        .tuple(fc.stringMatching(re), fc.string({ minLength, maxLength, unit: 'grapheme' }))
        .map(([match, plain]) => (fits(match) ? match : plain));
    } catch {
      // A pattern JavaScript cannot take: plain strings instead.
    }
  }
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'email') return fc.emailAddress();
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberArbitrary(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min =
    typeof s.minimum === 'number'
      ? s.minimum
      : typeof s.exclusiveMinimum === 'number'
        ? s.exclusiveMinimum
        : -1e6;
  const max =
    typeof s.maximum === 'number'
      ? s.maximum
      : typeof s.exclusiveMaximum === 'number'
        ? s.exclusiveMaximum
        : 1e6;
  if (integer) {
    const lo = Math.max(Math.ceil(min + (s.exclusiveMinimum !== undefined ? 1 : 0)), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(
      Math.floor(max - (s.exclusiveMaximum !== undefined ? 1 : 0)),
      Number.MAX_SAFE_INTEGER,
    );
    // Mostly small values near the low end (ids, limits); sometimes anywhere in range.
    return fc.oneof(
      fc.integer({ min: lo, max: Math.min(hi, lo + 100) }),
      fc.integer({ min: lo, max: Math.max(lo, hi) }),
    );
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectArbitrary(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const keys = Object.keys(properties);
  if (keys.length === 0) {
    // A free-form object (params, columns): a few keys of any JSON.
    return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: MAX_ITEMS });
  }
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of keys) record[key] = arbitraryFor(properties[key]!, depth + 1);
  return fc.record(record, { requiredKeys: keys.filter((k) => required.has(k)) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** An arbitrary for the values `schema` describes (roughly: the fuzzer is not a validator). */
export function arbitraryFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key]))
      return fc.oneof(...(schema[key] as Schema[]).map((s) => arbitraryFor(s, depth + 1)));
  }
  if (Array.isArray(schema.allOf)) {
    // Several input schemas on one procedure: each alone is close enough for fuzzing.
    return fc.oneof(...(schema.allOf as Schema[]).map((s) => arbitraryFor(s, depth + 1)));
  }
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => arbitraryFor({ ...schema, type: t }, depth)));
  switch (type) {
    case 'object':
      return objectArbitrary(schema, depth);
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      const minLength = Math.min(Number(schema.minItems ?? 0), MAX_ITEMS);
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? MAX_ITEMS), MAX_ITEMS));
      return fc.array(arbitraryFor(items, depth + 1), { minLength, maxLength });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
