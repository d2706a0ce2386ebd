// Options of the trading supervisor (daemons with the `trader` role), spread into the catalogue
// (options.ts): how long a running deployment's lease lives unrenewed, i.e. how soon another
// trader daemon takes over the deployments of one that died or lost its database.
import { integer } from './option-schemas';
import type { OptionSpec } from './options';

export const TRADING_OPTIONS = {
  takeoverSeconds: {
    env: 'QUANTTRADE_TAKEOVER_SECONDS',
    flag: 'takeover-seconds',
    arg: '<seconds>',
    defaultText: '10',
    defaultValue: () => '10',
    describe:
      'Lease ttl of a running deployment: another trader daemon takes over a dead holder’s deployments within about this.',
    schema: integer(2, 300),
  },
} satisfies Record<string, OptionSpec>;

export interface TradingConfig {
  readonly takeoverSeconds: number;
}
