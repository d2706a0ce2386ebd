// Validates a value against the JSON Schema subset in json-schema.ts, with messages in the
// project's style: the field, the value given and what was expected. The daemon validates again
// (with zod); this only gives inline feedback before a round trip.
import { concrete, fieldType, type JsonSchema } from './json-schema';

export interface FieldIssue {
  path: string;
  message: string;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function bounds(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.minimum !== undefined && s.minimum > -Number.MAX_SAFE_INTEGER) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}

function checkNumber(s: JsonSchema, value: unknown, integer: boolean): string | undefined {
  const expected = `${integer ? 'an integer' : 'a number'}${bounds(s)}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return expected;
  if (integer && !Number.isInteger(value)) return expected;
  if (s.minimum !== undefined && value < s.minimum) return expected;
  if (s.maximum !== undefined && value > s.maximum) return expected;
  if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) return expected;
  if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) return expected;
  if (
    s.multipleOf !== undefined &&
    Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9
  ) {
    return `a multiple of ${s.multipleOf}`;
  }
  return undefined;
}

function checkString(s: JsonSchema, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'text';
  if (s.minLength !== undefined && value.length < s.minLength) return `at least ${s.minLength} characters`;
  if (s.maxLength !== undefined && value.length > s.maxLength) return `at most ${s.maxLength} characters`;
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) return `text matching ${s.pattern}`;
  return undefined;
}

function checkArray(s: JsonSchema, value: unknown, path: string, out: FieldIssue[]): string | undefined {
  if (!Array.isArray(value)) return 'a list';
  if (s.minItems !== undefined && value.length < s.minItems) return `at least ${s.minItems} item(s)`;
  if (s.maxItems !== undefined && value.length > s.maxItems) return `at most ${s.maxItems} item(s)`;
  if (s.items) value.forEach((item, i) => validate(s.items!, item, `${path}[${i}]`, out));
  return undefined;
}

function checkObject(s: JsonSchema, value: unknown, path: string, out: FieldIssue[]): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'an object';
  const record = value as Record<string, unknown>;
  for (const name of s.required ?? []) {
    if (record[name] === undefined)
      out.push({ path: join(path, name), message: `${join(path, name)}: required` });
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (record[name] !== undefined) validate(prop, record[name], join(path, name), out);
  }
  return undefined;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Appends every problem found in `value` to `out` (and returns it). */
export function validate(
  schema: JsonSchema,
  value: unknown,
  path = '',
  out: FieldIssue[] = [],
): FieldIssue[] {
  const variants = schema.anyOf ?? schema.oneOf;
  if (value === null && variants?.some((v) => v.type === 'null')) return out;
  const s = concrete(schema);
  const type = fieldType(s);
  let expected: string | undefined;
  if (type === 'enum')
    expected = s.enum!.some((e) => e === value) ? undefined : `one of ${s.enum!.map(show).join(', ')}`;
  else if (type === 'number' || type === 'integer') expected = checkNumber(s, value, type === 'integer');
  else if (type === 'string') expected = checkString(s, value);
  else if (type === 'boolean') expected = typeof value === 'boolean' ? undefined : 'true or false';
  else if (type === 'array') expected = checkArray(s, value, path, out);
  else if (type === 'object') expected = checkObject(s, value, path, out);
  if (expected) out.push({ path, message: `${path || 'value'}: got ${show(value)}, expected ${expected}` });
  return out;
}
