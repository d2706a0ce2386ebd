// Public surface of the broker domain: the BrokerLink port every venue implements, the paper
// venue, and the tick sources (port, replay of stored bars, synthetic demo feed). See
// docs/trading.md. The Dhan link lives in dhan/ behind the same port.
export * from './broker-link';
export * from './tick-source';
export { PaperVenue, type PaperVenueOptions } from './paper/paper-venue';
export {
  createPaperAccount,
  readPaperAccount,
  type PaperAccount,
  type PaperAccountSpec,
} from './paper/paper-account';
export {
  createReplaySource,
  parseSpeed,
  barTicks,
  type ReplayInstrument,
  type ReplayOptions,
} from './feeds/replay-source';
export { loadReplayInstruments } from './feeds/replay-load';
export {
  createSyntheticFeed,
  demoFeedInstruments,
  type SyntheticFeedOptions,
  type SyntheticInstrument,
} from './feeds/synthetic-feed';
