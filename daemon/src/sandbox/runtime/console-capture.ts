// The `console` a sandboxed strategy sees: its lines are kept (up to a limit, each cut to a
// length) and handed back with a dry run or a live step, never written to the daemon's output.
// Formatting reads the strategy's own values, so it may run its getters or toString: it is done
// under the same watchdog as any other strategy code.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: LogLevel;
  text: string;
  /** Where the strategy was when it logged (phase and bar time when known). */
  phase: string;
  time: number;
}

export interface ConsoleCapture {
  readonly console: Record<'log' | 'debug' | 'info' | 'warn' | 'error', (...args: unknown[]) => void>;
  /** The lines since the last take, and how many were dropped over the limit. */
  take(): { lines: LogLine[]; dropped: number };
}

const MAX_LINE = 1000;
const MAX_DEPTH = 3;

function formatValue(value: unknown, depth: number, seen: Set<object>): string {
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const object = value as object;
  if (seen.has(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? '[array]' : '[object]';
  seen.add(object);
  const parts: string[] = [];
  let length = 0;
  const entries = Array.isArray(object)
    ? object.map((v, i) => [String(i), v] as const)
    : Object.entries(object);
  for (const [key, v] of entries) {
    const part = Array.isArray(object)
      ? formatValue(v, depth + 1, seen)
      : `${key}: ${formatValue(v, depth + 1, seen)}`;
    parts.push(part);
    length += part.length;
    if (length > MAX_LINE) break;
  }
  seen.delete(object);
  return Array.isArray(object) ? `[${parts.join(', ')}]` : `{ ${parts.join(', ')} }`;
}

/** `where()` tells the phase and bar time of the current call. */
export function createConsoleCapture(
  maxLines: number,
  where: () => { phase: string; time: number },
): ConsoleCapture {
  let lines: LogLine[] = [];
  let dropped = 0;
  const write =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      if (lines.length >= maxLines) {
        dropped++;
        return;
      }
      let text = args.map((a) => formatValue(a, 0, new Set())).join(' ');
      if (text.length > MAX_LINE) text = `${text.slice(0, MAX_LINE)}…`;
      const { phase, time } = where();
      lines.push({ level, text, phase, time });
    };
  return {
    console: {
      log: write('info'),
      info: write('info'),
      debug: write('debug'),
      warn: write('warn'),
      error: write('error'),
    },
    take() {
      const out = { lines, dropped };
      lines = [];
      dropped = 0;
      return out;
    },
  };
}
