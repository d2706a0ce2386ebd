// `quanttrade data <import|fetch|synth|check|list|instruments>`: market data in the bar store.
// Each sub-command lives in cli/data/ and is loaded only when used.
import { defineGroup } from '../command';

export const command = defineGroup({
  summary: 'Market data in the bar store: import, fetch, synth, check, list, instruments',
  description: 'docs/market-data.md has the formats, the sources and the quality checks.',
  commands: {
    import: {
      summary: 'Import bars from a CSV file or NSE bhavcopies (all-or-nothing; bad rows listed by line)',
      load: async () => (await import('../data/import')).importCommand,
    },
    fetch: {
      summary: 'Fetch bars from Yahoo Finance or Dhan into the bar store',
      load: async () => (await import('../data/fetch')).fetchCommand,
    },
    synth: {
      summary: 'Generate seeded synthetic bars (marked synthetic everywhere)',
      load: async () => (await import('../data/synth')).synthCommand,
    },
    check: {
      summary: 'Data-quality report of stored bars (exit code 1 when anything is found)',
      load: async () => (await import('../data/check')).checkCommand,
    },
    list: {
      summary: 'What the bar store holds: symbols, timeframes, first and last bar, counts, sources',
      load: async () => (await import('../data/list')).listCommand,
    },
    instruments: {
      summary: "Load Dhan's instrument master: security ids, tick and lot sizes, expiries",
      load: async () => (await import('../data/list')).instrumentsCommand,
    },
  },
});
