// `quanttrade data <import|fetch|synth|check|list|instruments>`: market data in the bar store.
// Each sub-command lives in cli/data/ and is loaded only when used.
import { AppError } from '../../core/errors';
import { UsageError } from '../command';
import { dataContext } from '../data/context';

const HELP = `Usage: quanttrade data <command> [options] [--home DIR | --database-url URL]

Commands:
  import       import bars from a CSV file (all-or-nothing; bad rows listed by line)
  fetch        fetch bars from Yahoo Finance or Dhan into the store
  synth        generate seeded synthetic bars (marked synthetic)
  check        data-quality report of stored bars
  list         what the bar store holds
  instruments  load Dhan's instrument master

quanttrade data <command> --help shows its options.`;

const SUBCOMMANDS: Record<string, () => Promise<{ help: string; run: (argv: string[]) => Promise<number> }>> =
  {
    import: async () => {
      const m = await import('../data/import');
      return { help: m.IMPORT_HELP, run: (a) => m.runImport(a, dataContext) };
    },
    fetch: async () => {
      const m = await import('../data/fetch');
      return { help: m.FETCH_HELP, run: (a) => m.runFetch(a, dataContext) };
    },
    synth: async () => {
      const m = await import('../data/synth');
      return { help: m.SYNTH_HELP, run: (a) => m.runSynth(a, dataContext) };
    },
    check: async () => {
      const m = await import('../data/check');
      return { help: m.CHECK_HELP, run: (a) => m.runCheck(a, dataContext) };
    },
    list: async () => {
      const m = await import('../data/list');
      return { help: m.LIST_HELP, run: (a) => m.runList(a, dataContext) };
    },
    instruments: async () => {
      const m = await import('../data/list');
      return { help: m.INSTRUMENTS_HELP, run: (a) => m.runInstruments(a, dataContext) };
    },
  };

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const load = SUBCOMMANDS[name];
  if (!load) throw new UsageError(`unknown data command '${name}'\n\n${HELP}`);
  const sub = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(sub.help);
    return 0;
  }
  try {
    return await sub.run(rest);
  } catch (err) {
    // Expected failures (a bad file, an unknown symbol, a source that refused) are reported as
    // their message alone; anything else keeps its stack (main.ts prints it).
    if (!(err instanceof AppError) || err.kind === 'bug') throw err;
    console.error(`quanttrade data ${name}: ${err.message}`);
    return err.kind === 'fatal' ? 2 : 1;
  }
}
