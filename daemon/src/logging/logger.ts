// The daemon's one pino logger, created in the composition root and passed down as scoped
// children (`log.child({ module: 'jobs' })`). JSON when stdout is not a terminal (journald,
// Docker, log shippers), readable when it is. Secrets are removed twice: by key (redact paths)
// and by shape (a password inside any postgres:// URL in a message or error).
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { REDACT_PATHS, scrubSecrets } from './redaction';
import type { RecentLogs } from './recent-logs';

export interface LoggerOptions {
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** Where JSON lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
  /** Receives warnings and errors for system.recentErrors. */
  recent?: RecentLogs;
  /** Whether stdout is a terminal (format auto); process.stdout.isTTY by default. */
  isTerminal?: boolean;
  /**
   * Colour in readable (pretty) lines; default: on a terminal. The CLI passes its decision
   * (cli/colour.ts), which also honours NO_COLOR and --no-color.
   */
  colour?: boolean;
}

// Loaded only when wanted: services log JSON, and start-up should not pay for the formatter.
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

function errSerializer(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (typeof serialized?.message === 'string') serialized.message = scrubSecrets(serialized.message);
  if (typeof serialized?.stack === 'string') serialized.stack = scrubSecrets(serialized.stack);
  return serialized;
}

/** Whether lines are readable text (pretty) rather than JSON: `auto` means pretty on a terminal. */
export function logsArePretty(format: LoggerOptions['format'], isTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && isTerminal);
}

export function createLogger(options: LoggerOptions): Logger {
  const isTerminal = options.isTerminal ?? Boolean(process.stdout.isTTY);
  const wantPretty = logsArePretty(options.format, isTerminal);
  let out: NodeJS.WritableStream = options.destination ?? process.stdout;
  if (wantPretty)
    out = loadPretty()({
      destination: out,
      colorize: options.colour ?? isTerminal,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    });
  const recent = options.recent;
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: errSerializer, error: errSerializer },
      hooks: {
        // Every serialized (already redacted) line, synchronously: feeds system.recentErrors.
        streamWrite(line) {
          recent?.ingest(line);
          return line;
        },
        // Messages are stable strings, but a library error text may quote a connection URL.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            if (typeof args[i] === 'string') args[i] = scrubSecrets(args[i] as string);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    out as pino.DestinationStream,
  );
}
