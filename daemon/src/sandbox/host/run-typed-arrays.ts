// Typed-array constructors for one run of the sandbox runtime, whose instances are fast to write.
//
// Why: on Node 20 (V8 11.3) an element store into a typed array whose prototype chain holds a
// frozen object takes a slow path — and after lockdown() every intrinsic prototype is frozen.
// Measured in the sandbox process: ~120 ns a store instead of ~1.5 ns, which made the bar loop
// (indicator ring buffers, the equity curve, the result columns) 2.4–4× slower than native.
// Node 24's V8 no longer does this. The runtime's typed arrays therefore get a prototype of
// their own: a null-prototype object made for this run, holding the same (frozen, shared) methods
// and accessors as the class's prototype chain, left unfrozen. A store then finds no frozen object
// on the chain and stays on the fast path; loads and every method behave as before.
//
// Safety: the constructors and prototypes are made afresh for each run (like the run's global
// object), so a strategy that reaches one (Object.getPrototypeOf of a runtime array) can tamper
// with its own run's engine only — the accepted limit (docs/user-strategies.md) — never another
// run's, the host's or the daemon's. Nothing here is a new capability: the methods are the same
// frozen intrinsics.

const NAMES = [
  'Float64Array',
  'Float32Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

type TypedArrayClass = new (...args: unknown[]) => object;

/** The accessors of %TypedArray%.prototype; every other property of the chain is a value. */
const ACCESSORS = new Set<PropertyKey>(['buffer', 'byteLength', 'byteOffset', 'length', Symbol.toStringTag]);

/**
 * The properties of `source` as read-only data properties (accessors kept as they are). SES's
 * override taming turns the frozen prototypes' methods into getter/setter pairs whose setter
 * assigns on the receiver — on a copy that would call itself without end.
 */
function valuesOf(source: object): PropertyDescriptorMap {
  const out: PropertyDescriptorMap = {};
  for (const key of Reflect.ownKeys(source)) {
    if (ACCESSORS.has(key)) out[key] = Object.getOwnPropertyDescriptor(source, key)!;
    else
      out[key] = { value: Reflect.get(source, key), writable: false, enumerable: false, configurable: false };
  }
  return out;
}

function runClass(Base: TypedArrayClass): TypedArrayClass {
  const prototype: Record<PropertyKey, unknown> = Object.create(null);
  const shared = Object.getPrototypeOf(Base.prototype) as object;
  const statics = Object.getPrototypeOf(Base) as Record<string, unknown>;
  // A function (not a class) so that it can return the array it built with a prototype of its own.
  const RunArray = function (this: unknown, ...args: unknown[]) {
    const called = new.target as unknown;
    if (called === undefined) throw new TypeError(`Constructor ${Base.name} requires 'new'`);
    const target = (called === RunArray ? Base : called) as TypedArrayClass;
    const array = Reflect.construct(Base, args, target) as object;
    if (target === Base) Object.setPrototypeOf(array, prototype);
    return array;
  } as unknown as TypedArrayClass;
  Object.defineProperties(prototype, {
    ...valuesOf(shared),
    ...valuesOf(Base.prototype),
    constructor: { value: RunArray, writable: true, configurable: true },
  });
  Object.defineProperties(RunArray, {
    name: { value: Base.name },
    prototype: { value: prototype },
    BYTES_PER_ELEMENT: { value: (Base as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT },
    // %TypedArray%.from / of construct through `this`: results are this run's arrays too.
    from: { value: statics.from, writable: true, configurable: true },
    of: { value: statics.of, writable: true, configurable: true },
    [Symbol.species]: {
      get(this: unknown) {
        return this;
      },
      configurable: true,
    },
  });
  return RunArray;
}

/** The typed-array globals for one run of the runtime (see the top of this file). */
export function runTypedArrays(intrinsics: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of NAMES) {
    const Base = intrinsics[name] as TypedArrayClass | undefined;
    if (typeof Base === 'function') out[name] = runClass(Base);
  }
  return out;
}
