// Describes whatever a strategy threw — an Error, a string, an object, a Proxy, an error whose
// getters throw — as plain data for the daemon, without trusting it: every read is guarded,
// only data properties are taken from the thrown value, and texts are cut to a length.
import type { SandboxErrorData } from '../protocol';
import { USER_LINE_OFFSET, USER_SOURCE_URL } from './compartment-loader';

const MAX_MESSAGE = 2000;
const MAX_FRAMES = 10;

function cut(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An own data property that is a string, or undefined (accessors are not called). */
function ownString(value: object, key: string): string | undefined {
  try {
    const d = Object.getOwnPropertyDescriptor(value, key);
    return d && 'value' in d && typeof d.value === 'string' ? d.value : undefined;
  } catch {
    return undefined;
  }
}

// Lockdown turns the `name` of the error prototypes into accessors, so the standard classes are
// recognised by their prototypes (shared by every compartment) rather than by reading `name`.
const STANDARD_ERRORS: [new () => Error, string][] = [
  [TypeError, 'TypeError'],
  [RangeError, 'RangeError'],
  [ReferenceError, 'ReferenceError'],
  [SyntaxError, 'SyntaxError'],
  [EvalError, 'EvalError'],
  [URIError, 'URIError'],
  [AggregateError as unknown as new () => Error, 'AggregateError'],
];

/** The error's class: its own `name` when it has one as data, else the standard class it is. */
function errorName(value: object): string {
  const own = ownString(value, 'name');
  if (own) return cut(own, 100);
  try {
    for (const [C, name] of STANDARD_ERRORS) if (value instanceof C) return name;
  } catch {
    // A Proxy that throws on getPrototypeOf has no usable name.
  }
  return 'Error';
}

/**
 * V8's stack: an own data property on Node 20, an own accessor on Node 24. A getter the strategy
 * put there instead runs under the same watchdog as the rest of its code; what it returns is only
 * searched for frame positions.
 */
function stackText(value: object): string | undefined {
  try {
    const d = Object.getOwnPropertyDescriptor(value, 'stack');
    const stack: unknown = d && ('value' in d ? d.value : d.get?.call(value));
    return typeof stack === 'string' ? stack.slice(0, 20_000) : undefined;
  } catch {
    return undefined;
  }
}

const FRAME = new RegExp(`at (?:(.*?) \\()?${USER_SOURCE_URL.replace('.', '\\.')}:(\\d+):(\\d+)\\)?`);

/** The user-code frames of a V8 stack, with lines in the compiled module (1-based). */
export function userFrames(stack: string | undefined): SandboxErrorData['frames'] {
  if (!stack) return undefined;
  const frames: NonNullable<SandboxErrorData['frames']> = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const compiledLine = Number(m[2]) - USER_LINE_OFFSET;
    if (compiledLine < 1) continue;
    frames.push({ fn: cut(m[1] ?? '<module>', 100), line: compiledLine, column: Number(m[3]) });
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames.length ? frames : undefined;
}

export function describeThrown(value: unknown): Pick<SandboxErrorData, 'message' | 'name' | 'frames'> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    let text: string;
    try {
      text = typeof value === 'symbol' ? value.toString() : String(value);
    } catch {
      text = typeof value;
    }
    return {
      name: typeof value,
      message: `the strategy threw a ${typeof value} (not an Error): ${cut(text)}`,
    };
  }
  let isError = false;
  try {
    isError = value instanceof Error;
  } catch {
    isError = false;
  }
  if (!isError)
    return {
      name: typeof value === 'function' ? 'function' : 'object',
      message: `the strategy threw a ${typeof value === 'function' ? 'function' : 'non-Error object'}; throw an Error to get a message and a line`,
    };
  const object = value as object;
  const message = ownString(object, 'message') ?? '(no message)';
  return { name: errorName(object), message: cut(message), frames: userFrames(stackText(object)) };
}
