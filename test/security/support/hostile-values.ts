// What the fuzz suite does to a plausible input: put a hostile value somewhere in it, add a field
// nobody expects, drop one that is required, bury it in nesting, or replace it outright. Hostile
// values: NUL and control characters, a 1 MB string, deep nesting, huge and tiny numbers,
// NaN/Infinity as strings, wrong types, prototype keys, impossible dates, injection-shaped text.
import fc from 'fast-check';

const MEGABYTE = 'x'.repeat(1024 * 1024);

function nested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { deeper: value };
  return value;
}

export const HOSTILE_VALUES: unknown[] = [
  'nul\u0000inside',
  '\u0000',
  '\u0001\u0002\u0007\u001b[31m\u001f\u007f',
  '\u202etxt.exe',
  '\ud800 lone surrogate',
  '🙂🙃 ✓ ₹ 日本',
  MEGABYTE,
  '',
  '   ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '9'.repeat(400),
  '-0',
  '0x1F',
  '2024-02-30',
  '2023-13-45',
  '0000-00-00',
  '9999-12-31T24:61:61Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  'qts.eyJ1aWQiOjF9.forged',
  'qtk_' + 'A'.repeat(43),
  0,
  -1,
  -0,
  2 ** 53,
  -(2 ** 53) - 2,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  0.1 + 0.2,
  true,
  false,
  null,
  [],
  {},
  [null],
  [[[[[[[[[[1]]]]]]]]]],
  nested(40),
  nested(200),
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"role":"admin"},"constructor":{"prototype":{"polluted":1}}}'),
  { toString: 'not a function', valueOf: 1 },
  Array.from({ length: 5000 }, (_, i) => i),
];

export const hostileValue: fc.Arbitrary<unknown> = fc.constantFrom(...HOSTILE_VALUES);

type Path = (string | number)[];

/** Every place in a JSON value: containers and leaves. */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (at.length > 8) return out;
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function setAt(root: unknown, path: Path, replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(root);
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  const [head, ...rest] = path;
  copy[head!] = setAt(copy[head!], rest, replace);
  return copy;
}

type Mutation =
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'extra-field'; pick: number; name: string; value: unknown }
  | { kind: 'drop-field'; pick: number }
  | { kind: 'bury'; levels: number }
  | { kind: 'whole'; value: unknown }
  | { kind: 'poison-strings'; suffix: string }
  | { kind: 'none' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra-field' as const),
      pick: fc.nat(),
      name: fc.constantFrom('unknownField', '__proto__', 'constructor', 'role', 'ownerId', 'id', ''),
      value: hostileValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop-field' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('bury' as const), levels: fc.constantFrom(33, 100, 1000) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('whole' as const),
      value: fc.oneof(hostileValue, fc.jsonValue()),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('poison-strings' as const),
      suffix: fc.constantFrom('\u0000', '\u0001\u001f\u007f', '\ud800', 'x'.repeat(70_000)),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
);

/** Every string in the value with `suffix` appended (NUL, control characters, a lone surrogate). */
function poisonStrings(value: unknown, suffix: string): unknown {
  if (typeof value === 'string') return value + suffix;
  if (Array.isArray(value)) return value.map((v) => poisonStrings(v, suffix));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisonStrings(v, suffix)]));
  return value;
}

function apply(input: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'none':
      return input;
    case 'whole':
      return m.value;
    case 'poison-strings':
      return poisonStrings(input, m.suffix);
    case 'bury': {
      let value = input;
      for (let i = 0; i < m.levels; i++) value = { v: value };
      return value;
    }
    case 'replace': {
      const all = paths(input);
      return setAt(input, all[m.pick % all.length]!, () => m.value);
    }
    case 'extra-field': {
      const objects = paths(input).filter((p) => {
        let v: unknown = input;
        for (const k of p) v = (v as Record<string | number, unknown>)[k];
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      if (objects.length === 0) return { [m.name]: m.value };
      return setAt(input, objects[m.pick % objects.length]!, (o) => ({
        ...(o as object),
        [m.name]: m.value,
      }));
    }
    case 'drop-field': {
      const keyed = paths(input).filter((p) => typeof p.at(-1) === 'string');
      if (keyed.length === 0) return undefined;
      const path = keyed[m.pick % keyed.length]!;
      return setAt(input, path.slice(0, -1), (o) => {
        const copy = { ...(o as Record<string, unknown>) };
        delete copy[path.at(-1) as string];
        return copy;
      });
    }
  }
}

/** A plausible input (from `base`) broken in one random way, or left as it is. */
export function hostile(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(base, mutation).map(([input, m]) => apply(input, m));
}
