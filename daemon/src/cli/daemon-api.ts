// For commands that talk to a running daemon through its API rather than to the database
// (`strategy push|list|show|diff`; later deploy, orders, positions…): the --url and --token
// options, and a client that turns the daemon's refusals into AppErrors, so that they exit by
// kind (exit-codes.ts) with the daemon's message and no stack. Saved strategies, deployments and
// orders live under their users' row-level security, so these commands go through the API like
// any script, as the user whose token they carry.
import { z } from 'zod';
import { createClient, type QuantTradeClient } from '../api/client';
import { AppError, ERRORS, type ErrorCode } from '../core/errors';
import { UsageError } from './command';

export interface ApiFlags {
  url?: string;
  token?: string;
}

/** Spread into a command's `options` (and API_SCHEMA into its schema). */
export const API_OPTIONS = {
  url: {
    type: 'string',
    value: 'URL',
    section: 'Daemon',
    describe: "the daemon's URL (or QUANTTRADE_URL; default http://127.0.0.1:8080)",
  },
  token: {
    type: 'string',
    value: 'TOKEN',
    section: 'Daemon',
    describe: 'an API token (or QUANTTRADE_TOKEN; `quanttrade user token` makes one)',
  },
} as const;

export const API_SCHEMA = { url: z.string().optional(), token: z.string().optional() };

export function apiClient(flags: ApiFlags): QuantTradeClient {
  const url = flags.url ?? process.env.QUANTTRADE_URL ?? 'http://127.0.0.1:8080';
  const token = flags.token ?? process.env.QUANTTRADE_TOKEN;
  if (!token)
    throw new UsageError(
      '--token: got missing, expected an API token (or QUANTTRADE_TOKEN; `quanttrade user token` makes one)',
    );
  try {
    new URL(url);
  } catch {
    throw new UsageError(
      `--url: got ${JSON.stringify(url)}, expected the daemon's URL, e.g. http://127.0.0.1:8080`,
    );
  }
  return createClient({ url, token });
}

/** Runs `fn` with a client of the daemon; its refusals become AppErrors (a message, no stack). */
export async function withDaemon<T>(
  flags: ApiFlags,
  fn: (client: QuantTradeClient) => Promise<T>,
): Promise<T> {
  const client = apiClient(flags);
  try {
    return await fn(client);
  } catch (err) {
    if ((err as { name?: string }).name === 'TRPCClientError') {
      const code = (err as { data?: { appCode?: string } }).data?.appCode;
      const known = code !== undefined && code in ERRORS ? (code as ErrorCode) : 'DEPENDENCY_UNAVAILABLE';
      throw new AppError(known, (err as Error).message);
    }
    throw err;
  } finally {
    client.close();
  }
}
