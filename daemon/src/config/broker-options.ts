// Options of the broker link, spread into the catalogue (options.ts): where Dhan's market feed and
// order-update sockets are (a sandbox or `quanttrade dev dhan-fake` instead), request deadline,
// staleness threshold, token renewal lead, the reconciliation period, whether a kill switch also
// engages Dhan's own, and the key that encrypts broker credentials — from the environment or a
// file, never from the database. The REST base URL is dhanBaseUrl (options.ts).
import { z } from 'zod';
import { DHAN_FEED_URL, DHAN_ORDER_UPDATE_URL } from './default-endpoints';
import { boolean, integer, optionalSecret } from './option-schemas';
import type { OptionSpec } from './options';

/** A ws:// or wss:// URL. */
const wsUrl = z.string().transform((text, ctx) => {
  let protocol = '';
  try {
    protocol = new URL(text.trim()).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'ws:' && protocol !== 'wss:') {
    ctx.addIssue({ code: 'custom', message: 'a ws:// or wss:// URL' });
    return z.NEVER;
  }
  return text.trim();
});

const optionalPath = z
  .string()
  .optional()
  .transform((t) => (t === undefined || t.trim() === '' ? undefined : t.trim()));

export const BROKER_OPTIONS = {
  dhanFeedUrl: {
    env: 'QUANTTRADE_DHAN_FEED_URL',
    flag: 'dhan-feed-url',
    arg: '<url>',
    defaultText: DHAN_FEED_URL,
    defaultValue: () => DHAN_FEED_URL,
    describe: "Dhan's live market feed (binary WebSocket); the link adds version, token and client id.",
    schema: wsUrl,
  },
  dhanOrderUpdateUrl: {
    env: 'QUANTTRADE_DHAN_ORDER_UPDATE_URL',
    flag: 'dhan-order-update-url',
    arg: '<url>',
    defaultText: DHAN_ORDER_UPDATE_URL,
    defaultValue: () => DHAN_ORDER_UPDATE_URL,
    describe: "Dhan's live order-update WebSocket.",
    schema: wsUrl,
  },
  dhanTimeoutSeconds: {
    env: 'QUANTTRADE_DHAN_TIMEOUT',
    flag: 'dhan-timeout',
    arg: '<seconds>',
    defaultText: '10',
    defaultValue: () => '10',
    describe: 'Deadline of one Dhan REST request; a place that misses it is looked up, never resent blindly.',
    schema: integer(1, 120),
  },
  dhanStaleSeconds: {
    env: 'QUANTTRADE_DHAN_STALE_SECONDS',
    flag: 'dhan-stale-seconds',
    arg: '<seconds>',
    defaultText: '30',
    defaultValue: () => '30',
    describe:
      'A subscribed symbol with no tick for this long (market open) is stale: new entries are refused, an alert fires.',
    schema: integer(1, 3600),
  },
  dhanRenewBeforeMinutes: {
    env: 'QUANTTRADE_DHAN_RENEW_BEFORE',
    flag: 'dhan-renew-before',
    arg: '<minutes>',
    defaultText: '60',
    defaultValue: () => '60',
    describe: 'For accounts with auto-renew, renew the 24 h access token this long before it expires.',
    schema: integer(1, 1380),
  },
  reconcileIntervalSeconds: {
    env: 'QUANTTRADE_RECONCILE_INTERVAL',
    flag: 'reconcile-interval',
    arg: '<seconds>',
    defaultText: '5',
    defaultValue: () => '5',
    describe:
      "While a broker account has open orders, compare the broker's orders, trades and positions with the ledger this often.",
    schema: integer(1, 3600),
  },
  brokerKillSwitch: {
    env: 'QUANTTRADE_BROKER_KILL_SWITCH',
    flag: 'broker-kill-switch',
    arg: '<bool>',
    defaultText: 'true',
    defaultValue: () => 'true',
    describe:
      "Engaging a global or account kill switch also activates Dhan's own kill switch on the Dhan accounts it covers (released only on request).",
    schema: boolean,
  },
  brokerKey: {
    env: 'QUANTTRADE_BROKER_KEY',
    flag: 'broker-key',
    arg: '<key>',
    describe:
      'Key (32 bytes, base64 or hex) that encrypts broker credentials; prefer QUANTTRADE_BROKER_KEY_FILE.',
    secret: true,
    schema: optionalSecret(40),
  },
  brokerKeyFile: {
    env: 'QUANTTRADE_BROKER_KEY_FILE',
    flag: 'broker-key-file',
    arg: '<path>',
    describe:
      'File holding the broker key (chmod 600); create one with `quanttrade broker key-gen --out PATH`.',
    schema: optionalPath,
  },
  brokerPreviousKeyFile: {
    env: 'QUANTTRADE_BROKER_PREVIOUS_KEY_FILE',
    flag: 'broker-previous-key-file',
    arg: '<path>',
    describe: 'During a key rotation: the old key, still accepted for reading credentials.',
    schema: optionalPath,
  },
} satisfies Record<string, OptionSpec>;

export interface BrokerConfig {
  readonly dhanFeedUrl: string;
  readonly dhanOrderUpdateUrl: string;
  readonly dhanTimeoutSeconds: number;
  readonly dhanStaleSeconds: number;
  readonly dhanRenewBeforeMinutes: number;
  readonly reconcileIntervalSeconds: number;
  readonly brokerKillSwitch: boolean;
  readonly brokerKey: string | undefined;
  readonly brokerKeyFile: string | undefined;
  readonly brokerPreviousKeyFile: string | undefined;
}
