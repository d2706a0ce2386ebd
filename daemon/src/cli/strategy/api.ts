// The daemon the `strategy` commands talk to: --url / QUANTTRADE_URL and --token /
// QUANTTRADE_TOKEN (an API token: `quanttrade user token`). Saved strategies live in the daemon,
// under its users' row-level security, so these commands go through its API like any script.
import { createClient, type QuantTradeClient } from '../../api/client';
import { UsageError } from '../command';

export interface ApiFlags {
  url?: string;
  token?: string;
}

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
