// How code is evaluated in the sandbox process, after lockdown(). One hardened compartment holds
// no state: its global object is frozen and has eval and Function replaced by throwing stand-ins
// (a strategy has no use for them, and code built from strings would dodge the source map). Code
// is evaluated in it once, as a factory function; every run calls the factory with fresh globals,
// so each run starts from fresh module state and no two runs — of one strategy or of two users —
// share a mutable object. Binding every global as a parameter also keeps V8's lookups static:
// a free variable would otherwise go through the compartment's scope proxy on every use.

/** The globals a strategy and the runtime get: the frozen, shared intrinsics and nothing else. */
export const GLOBAL_NAMES = [
  'Object',
  'Function',
  'Array',
  'Number',
  'Boolean',
  'String',
  'Symbol',
  'BigInt',
  'Date',
  'Promise',
  'RegExp',
  'JSON',
  'Math',
  'Reflect',
  'Proxy',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Error',
  'AggregateError',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'ArrayBuffer',
  'DataView',
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
  'parseFloat',
  'parseInt',
  'isFinite',
  'isNaN',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'harden',
  'NaN',
  'Infinity',
  'undefined',
] as const;

/** The name the user module's stack frames carry (`at onBar (strategy.js:12:5)`). */
export const USER_SOURCE_URL = 'strategy.js';
/** Lines before the user's first line in the evaluated text. */
export const USER_LINE_OFFSET = 1;

interface CompartmentLike {
  evaluate(source: string): unknown;
  globalThis: object;
}
declare const Compartment: new (options: object) => CompartmentLike;
declare const harden: <T>(value: T) => T;

export type ModuleFactory = (...args: unknown[]) => unknown;

const evalRefused = () => {
  throw new TypeError('eval is not available to strategies');
};

export interface Loader {
  /** The tamed intrinsics every run gets (read from the compartment, not the start realm). */
  readonly intrinsics: Record<string, unknown>;
  /** The runtime bundle (an IIFE assigning `__qtSandboxRuntime`) as a factory of its exports. */
  runtimeFactory(source: string): (globals: object) => unknown;
  /** A user module (CommonJS) as a factory: (globals, console, require, module, exports). */
  userFactory(js: string): ModuleFactory;
  /** A fresh global object for one run: the intrinsics and, for user code, a console. */
  freshGlobals(extra?: Record<string, unknown>): Record<string, unknown>;
}

export function createLoader(startGlobal: Record<string, unknown>): Loader {
  // A free name the parameters do not bind resolves here: Compartment and lockdown are taken away
  // too (a nested compartment would evaluate strings, which the compile-time checks refuse).
  const compartment = new Compartment({
    globals: {
      eval: evalRefused,
      Function: Function.prototype.constructor,
      Compartment: undefined,
      lockdown: undefined,
    },
    __options__: true,
  });
  harden(compartment.globalThis);
  const intrinsics = readIntrinsics(compartment.globalThis as Record<string, unknown>, startGlobal);
  const params = GLOBAL_NAMES.join(', ');
  const args = (globals: Record<string, unknown>) => GLOBAL_NAMES.map((n) => globals[n]);
  return {
    intrinsics,
    runtimeFactory(source) {
      const factory = compartment.evaluate(
        `(function (globalThis, ${params}) {'use strict';\n${source}\nreturn __qtSandboxRuntime;\n})\n//# sourceURL=quanttrade-sandbox-runtime.js`,
      ) as ModuleFactory;
      return (globals) => factory(globals, ...args(globals as Record<string, unknown>));
    },
    userFactory(js) {
      // The user's code is the body of an inner function, so its own top-level declarations may
      // shadow any global name (a parameter of the outer one) without a redeclaration error.
      const factory = compartment.evaluate(
        `(function (globalThis, console, ${params}) {'use strict'; return function (require, module, exports) {\n${js}\n}; })\n//# sourceURL=${USER_SOURCE_URL}`,
      ) as ModuleFactory;
      return (globals, console, ...rest) =>
        (factory(globals, console, ...args(globals as Record<string, unknown>)) as ModuleFactory)(...rest);
    },
    freshGlobals(extra = {}) {
      const globals: Record<string, unknown> = { ...intrinsics, ...extra };
      globals.globalThis = globals;
      return globals;
    },
  };
}

/**
 * The globals by name as a compartment sees them — SES's shared, tamed intrinsics: a Date whose
 * now() throws, a Math without random(), an Error without V8's stack-trace API — never the start
 * realm's own (which keep all three). The few typed arrays SES leaves out of a compartment's
 * global object (Float64Array, Float32Array) are taken from the start realm: frozen intrinsics
 * like the rest, with nothing to tame.
 */
function readIntrinsics(
  compartmentGlobal: Record<string, unknown>,
  startGlobal: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of GLOBAL_NAMES)
    out[name] = name in compartmentGlobal ? compartmentGlobal[name] : startGlobal[name];
  out.Function = Function.prototype.constructor;
  out.undefined = undefined;
  return out;
}
