// The escape and abuse corpus: strategies written to break out of the sandbox, reach the daemon,
// poison other runs or exhaust the machine. Each case says how it must end: a STRATEGY_FAILED
// (or VALIDATION_FAILED) error whose message matches, a compile error, or a normal run that found
// nothing it should not have (the strategy throws "ESCAPED" when it does).

export interface HostileCase {
  name: string;
  source: string;
  /** compile: refused by the compiler; fail: the run fails with this message; run: completes. */
  expect: { compile: RegExp } | { fail: RegExp; code?: string; limit?: string } | { run: true };
}

interface Parts {
  top?: string;
  init?: string;
  onBar?: string;
  extra?: string;
}

/** A whole module around the hostile parts. */
export function hostile(parts: Parts): string {
  return `import { defineStrategy, z } from 'quanttrade/strategy';
${parts.top ?? ''}
export default defineStrategy({
  name: 'hostile',
  description: 'a test of the sandbox',
  params: z.strictObject({}),
  init(ctx) {
    ${parts.init ?? ''}
    return { n: 0 };
  },
  onBar(ctx, state) {
    ${parts.onBar ?? ''}
  },
  ${parts.extra ?? ''}
});
`;
}

const escaped = (what: string) => `throw new Error('ESC' + 'APED: ' + ${what});`;

export const HOSTILE_CASES: HostileCase[] = [
  // Constructor chains and code from strings.
  {
    name: 'constructor chain from the context to Function',
    source: hostile({
      onBar: `const p = ctx.constructor.constructor('return process')(); ${escaped('typeof p')}`,
    }),
    expect: { fail: /Function\.prototype\.constructor is not a valid constructor/ },
  },
  {
    name: 'constructor chain from a plain object, at module load',
    source: hostile({
      top: `const g = ({}).constructor.constructor('return this')(); ${escaped('String(g)')}`,
    }),
    expect: { fail: /not a valid constructor/ },
  },
  {
    name: 'async function constructor',
    source: hostile({ init: `const A = (async function () {}).constructor; A('return process');` }),
    expect: { fail: /not a valid constructor/ },
  },
  {
    name: 'generator function constructor',
    source: hostile({ init: `const G = (function* () {}).constructor; G('yield process');` }),
    expect: { fail: /not a valid constructor/ },
  },
  {
    name: 'Function global',
    source: hostile({ init: `Function('return this')();` }),
    expect: { fail: /not a valid constructor/ },
  },
  {
    name: 'direct eval',
    source: hostile({ init: `eval('1 + 1');` }),
    expect: { compile: /eval is not available/ },
  },
  {
    name: 'eval reached through globalThis',
    source: hostile({ init: `const e = globalThis['ev' + 'al']; if (e) ${escaped("'eval ' + e('1+1')")}` }),
    expect: { run: true },
  },
  {
    name: 'a nested Compartment',
    source: hostile({ init: `const C = new Compartment(); ${escaped("'compartment'")}` }),
    expect: { fail: /Compartment is not a constructor/ },
  },
  {
    name: 'caller of a strict function',
    source: hostile({
      init: `const c = (function g(): unknown { return (g as any).caller ?? (g as any).arguments; })(); if (c) ${escaped("'caller'")}`,
    }),
    expect: { run: true },
  },
  {
    name: 'stack-trace API for call sites',
    source: hostile({
      init: `try { Error.prepareStackTrace = (e, frames) => frames; } catch {}
        const s = new Error('x').stack;
        if (typeof s !== 'string') ${escaped("'call sites ' + typeof s")}`,
    }),
    expect: { run: true },
  },
  // Probing for the host.
  {
    name: 'Node globals: process, require, module internals, Buffer, fetch',
    source: hostile({
      init: `for (const name of ['process', 'require', 'Buffer', 'fetch', 'setTimeout', 'setImmediate', 'queueMicrotask', 'structuredClone', 'global', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'lockdown']) {
          if (globalThis[name] !== undefined) ${escaped('name')}
        }
        if (typeof process !== 'undefined') ${escaped("'process'")}
        if (typeof Buffer !== 'undefined') ${escaped("'Buffer'")}`,
    }),
    expect: { run: true },
  },
  {
    name: 'require of a Node module at run time',
    source: hostile({
      top: `declare const require: (m: string) => unknown;`,
      init: `const r = require; const fs = r(['f', 's'].join(''));`,
    }),
    expect: { fail: /cannot import 'fs'/ },
  },
  {
    name: 'static import of a Node module',
    source: `import { readFileSync } from 'node:fs';\n${hostile({ init: 'readFileSync("/etc/passwd");' })}`,
    expect: { compile: /cannot import 'node:fs'/ },
  },
  {
    name: 'dynamic import()',
    source: hostile({ init: `const m = 'fs'; import(m);` }),
    expect: { compile: /import\(\) is not available/ },
  },
  {
    name: 'relative import of another file',
    source: `import x from './other';\n${hostile({ init: 'console.log(x);' })}`,
    expect: { compile: /cannot import '\.\/other'/ },
  },
  // Pollution of shared objects.
  {
    name: 'prototype pollution of Object.prototype',
    source: hostile({ init: `(Object.prototype as any).polluted = true;` }),
    expect: { fail: /Cannot add property polluted, object is not extensible/ },
  },
  {
    name: 'replacing Array.prototype.push',
    source: hostile({ init: `Array.prototype.push = function () { return 0; };` }),
    expect: { fail: /Cannot assign to read only property 'push'|not writable|read.only/ },
  },
  {
    name: 'replacing a function of the indicator library',
    source: `import * as ind from 'quanttrade/indicators';\n${hostile({ init: `const lib: any = [ind][0]; lib.sma = () => null;` })}`,
    expect: { fail: /read.only|Cannot assign|not extensible|Cannot set property/ },
  },
  {
    name: 'global variable left for the next run',
    source: hostile({
      init: `if ((globalThis as any).leftBehind) ${escaped("'state from an earlier run'")}\n(globalThis as any).leftBehind = true;`,
    }),
    expect: { run: true },
  },
  {
    // The runtime's typed arrays have a prototype of the run's own (host/run-typed-arrays.ts):
    // reaching and changing it must stay inside this run.
    name: 'typed-array prototype of the runtime reached and changed',
    source: hostile({
      top: `import { sma } from 'quanttrade/indicators';`,
      init: `const arr = (ctx.indicator(sma(3)) as any).stream.window.items;
    if (!arr) throw new Error('no typed array found in an indicator');
    const proto = arr && Object.getPrototypeOf(arr);
    if (proto && proto.leftBehind) ${escaped("'a typed-array prototype from an earlier run'")}
    if (proto) {
      proto.leftBehind = true;
      try { proto.fill = () => 0; } catch (e) { if (!(e instanceof TypeError)) throw e; }
    }`,
    }),
    expect: { run: true },
  },
  // Endless and excessive work.
  {
    name: 'endless loop in init',
    source: hostile({ init: `for (;;) {}` }),
    expect: { fail: /its init call used more than \d+ ms of CPU time/, limit: 'cpu-call' },
  },
  {
    name: 'endless loop in onBar',
    source: hostile({ onBar: `if (ctx.index === 5) while (true) {}` }),
    expect: { fail: /its onBar call used more than \d+ ms of CPU time/, limit: 'cpu-call' },
  },
  {
    name: 'endless loop while the module loads',
    source: hostile({ top: `while (true) {}` }),
    expect: { fail: /loading its module used more than \d+ ms of CPU time/, limit: 'cpu-call' },
  },
  {
    name: 'a run that is too long in total',
    source: hostile({
      onBar: `const end = ctx.index; let x = 0; for (let i = 0; i < 2e7; i++) x += i % 7; state.n = x + end;`,
    }),
    expect: { fail: /the run used more than \d+ ms of CPU time/, limit: 'cpu-run' },
  },
  {
    name: 'catastrophic regular expression',
    source: hostile({ init: `/^(a+)+$/.test('a'.repeat(40) + '!');` }),
    expect: { fail: /its init call used more than \d+ ms of CPU time/, limit: 'cpu-call' },
  },
  {
    name: 'deep recursion',
    source: hostile({ init: `const f = (n: number): number => f(n + 1) + 1; f(0);` }),
    expect: { fail: /RangeError: Maximum call stack size exceeded at line \d+/ },
  },
  // Memory.
  {
    name: 'memory bomb: arrays of arrays',
    source: hostile({
      init: `const keep: number[][] = []; for (;;) keep.push(new Array(100000).fill(1.5));`,
    }),
    expect: { fail: /memory|heap/ },
  },
  {
    name: 'memory bomb: one enormous array',
    source: hostile({ init: `const a = new Array(2 ** 30).fill(1.5); console.log(a.length);` }),
    expect: { fail: /memory|heap|Invalid array length|CPU time/ },
  },
  {
    name: 'memory bomb: doubling a string',
    source: hostile({ init: `let s = 'x'; for (;;) s = s + s;` }),
    expect: { fail: /Invalid string length|memory|heap/ },
  },
  {
    name: 'memory bomb: closures holding arrays',
    source: hostile({
      init: `let f = () => 0; for (;;) { const g = f; const big = new Array(10000).fill(2); f = () => g() + big.length; }`,
    }),
    expect: { fail: /memory|heap/ },
  },
  {
    name: 'memory bomb: a typed array outside the JavaScript heap',
    source: hostile({ init: `const b = new Uint8Array(2 ** 31); b.fill(1); console.log(b[5]);` }),
    expect: { fail: /memory|Array buffer allocation failed/ },
  },
  // Output the host has to read.
  {
    name: 'a million orders in one bar',
    source: hostile({ onBar: `for (let i = 0; i < 1e6; i++) ctx.buy(1);` }),
    expect: { fail: /more than 10000 orders in one call/ },
  },
  {
    name: 'an enormous order tag',
    source: hostile({ onBar: `ctx.buy(1, 'x'.repeat(1e7));` }),
    expect: { fail: /order tag must be a string of at most 200 characters/ },
  },
  {
    name: 'an enormous description',
    source: hostile({}).replace(`description: 'a test of the sandbox'`, `description: 'x'.repeat(5e6)`),
    expect: { fail: /description must be at most 2000 characters/ },
  },
  {
    name: 'parameters that transform into something huge',
    source: hostile({}).replace(
      'params: z.strictObject({})',
      `params: z.strictObject({}).transform(() => ({ big: 'x'.repeat(1e6) }))`,
    ),
    expect: { fail: /at most 65536/ },
  },
  {
    name: 'a huge state and return values (stay inside)',
    source: hostile({
      init: `const big = new Array(1e5).fill('y'); (ctx as any).big = big;`,
      onBar: `return new Array(1e4).fill(ctx.index) as any;`,
    }),
    expect: { run: true },
  },
  // Thrown values the host must describe.
  {
    name: 'throwing a number',
    source: hostile({ onBar: `throw 42;` }),
    expect: { fail: /threw a number \(not an Error\): 42/ },
  },
  {
    name: 'throwing null',
    source: hostile({ init: `throw null;` }),
    expect: { fail: /threw a object \(not an Error\): null|threw a null/ },
  },
  {
    name: 'throwing a symbol',
    source: hostile({ init: `throw Symbol('boo');` }),
    expect: { fail: /threw a symbol \(not an Error\): Symbol\(boo\)/ },
  },
  {
    name: 'throwing a plain object with a throwing toString',
    source: hostile({ init: `throw { toString() { throw new Error('inner'); } };` }),
    expect: { fail: /threw a non-Error object/ },
  },
  {
    name: 'throwing a Proxy that throws on every trap',
    source: hostile({
      init: `const trap = () => { throw new Error('trap'); }; throw new Proxy({}, { get: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap, has: trap, ownKeys: trap });`,
    }),
    expect: { fail: /threw a non-Error object/ },
  },
  {
    name: 'an Error whose message is a throwing getter',
    source: hostile({
      init: `const e = new Error('hidden'); Object.defineProperty(e, 'message', { get() { throw new Error('gotcha'); } }); throw e;`,
    }),
    expect: { fail: /\(no message\)/ },
  },
  {
    name: 'a default export whose getters throw',
    source: `export default { get name(): string { throw new Error('gotcha'); } };`,
    expect: { fail: /gotcha/ },
  },
  {
    name: 'an order whose fields turn into throwing getters',
    source: hostile({
      onBar: `if (ctx.index === 3) { const o = ctx.buy(1); Object.defineProperty(o, 'status', { get() { throw new Error('status getter'); } }); }`,
    }),
    expect: { fail: /status getter/ },
  },
  {
    name: 'a default export that is not a strategy',
    source: `export default 42;`,
    expect: { fail: /must `export default defineStrategy/ },
  },
  // Shared memory, WebAssembly, clocks and randomness.
  {
    name: 'Atomics.wait on shared memory',
    source: hostile({ init: `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);` }),
    expect: { fail: /(Atomics|SharedArrayBuffer) is not defined|reading 'wait'/ },
  },
  {
    name: 'constructor chain from the console',
    source: hostile({
      init: `const p = (console.log as any).constructor('return process')(); ${escaped('typeof p')}`,
    }),
    expect: { fail: /not a valid constructor/ },
  },
  {
    name: 'WebAssembly compile bomb',
    source: hostile({ init: `WebAssembly.compile(new Uint8Array(1e8));` }),
    expect: { fail: /WebAssembly is not defined|reading 'compile'/ },
  },
  {
    name: 'Date.now()',
    source: hostile({ onBar: `state.n = Date.now();` }),
    expect: { fail: /Date%?\.now\(\) throws|now\(\) throws/ },
  },
  {
    name: 'new Date() without arguments',
    source: hostile({ init: `const t = new Date().getTime(); console.log(t);` }),
    expect: { fail: /with no arguments throws/ },
  },
  {
    name: 'Math.random()',
    source: hostile({ init: `const r = Math.random(); console.log(r);` }),
    expect: { fail: /random\(\) throws/ },
  },
  {
    name: 'promise callbacks never run outside a call',
    source: hostile({
      init: `Promise.resolve().then(() => { (globalThis as any).late = true; });`,
      onBar: `if ((globalThis as any).late) ${escaped("'a promise callback ran between calls'")}`,
    }),
    expect: { run: true },
  },
  {
    name: 'tampering with its own portfolio stays in its own run',
    source: hostile({ onBar: `(ctx.portfolio as any).cash = 1e15;` }),
    expect: { run: true },
  },
];
