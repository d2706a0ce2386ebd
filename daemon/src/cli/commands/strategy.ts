// `quanttrade strategy`: your own strategy code. `init` writes a file to start from (a built-in
// template as user code); `push` saves a file to the daemon as a new version; `list`, `show` and
// `diff` read what the daemon has. Run a file without saving it: `quanttrade backtest
// --strategy-file FILE`. docs/user-strategies.md.
import { z } from 'zod';
import { parseParam } from '../backtest/args';
import { defineCommand, defineGroup, UsageError } from '../command';
import { API_OPTIONS, API_SCHEMA, withDaemon } from '../daemon-api';
import { exampleNames, initStrategy } from '../strategy/init';
import { pushStrategy, sourceProblems } from '../strategy/push';
import { diffStrategy, listStrategies, showStrategy } from '../strategy/show';

/** A version number (the framework says what it expects: a number >= 1). */
const version = z.coerce.number().int().min(1).optional();
const ID = { name: 'ID', describe: 'a strategy id (quanttrade strategy list)' } as const;

function idOf(text: string): number {
  const id = Number(text);
  if (!/^\d+$/.test(text) || id < 1)
    throw new UsageError(
      `ID: got ${JSON.stringify(text)}, expected a strategy id (quanttrade strategy list)`,
    );
  return id;
}

const init = defineCommand({
  summary: 'Write a strategy file to start from: a built-in template as user code',
  usage: 'NAME [--from TEMPLATE] [--force]',
  description:
    'Writes NAME.ts (or NAME.js) from a built-in template (default sma-cross; `strategy examples`\n' +
    'lists them); edit it, try it with `quanttrade backtest --csv FILE --strategy-file NAME.ts`,\n' +
    'save it with `quanttrade strategy push`.',
  args: [{ name: 'NAME', describe: 'the file to write (my-strategy, or my-strategy.js)' }],
  options: {
    from: { type: 'string', value: 'TEMPLATE', describe: 'the template to start from (default sma-cross)' },
    force: { type: 'boolean', describe: 'overwrite the file if it exists' },
  },
  async run({ args, options }) {
    const from = options.from ?? 'sma-cross';
    const file = initStrategy(args[0]!, from, options.force ?? false);
    console.log(
      `wrote ${file} (from ${from}); try it: quanttrade backtest --csv BARS.csv --strategy-file ${file}`,
    );
    return 0;
  },
});

const examples = defineCommand({
  summary: 'List the built-in templates init can start from',
  async run() {
    console.log(exampleNames().join('\n'));
    return 0;
  },
});

const push = defineCommand({
  summary: 'Save a strategy file to the daemon: a new strategy, or a new version of it',
  usage: [
    'FILE --name NAME [--symbols A,B] [--timeframe 1d] [-p KEY=VALUE]…',
    '  [--costs MODEL] [--description TEXT] [--url URL] [--token TOKEN]',
  ],
  description:
    'The daemon compiles, type-checks and loads the code first; problems are printed as\n' +
    'FILE:LINE:COLUMN (exit 1) and nothing is saved. An unchanged file adds no version.',
  args: [{ name: 'FILE', describe: 'the strategy file (TypeScript or JavaScript)', input: 'file' }],
  options: {
    name: { type: 'string', value: 'NAME', describe: "the strategy's name in the daemon" },
    description: { type: 'string', value: 'TEXT', describe: 'a description' },
    symbols: { type: 'string', value: 'A,B', describe: 'the symbols it runs on, comma-separated' },
    timeframe: { type: 'string', value: 'TF', describe: 'bar length (1m, 5m, 1h, 1d…)' },
    param: {
      type: 'string',
      value: 'KEY=VALUE',
      short: 'p',
      multiple: true,
      describe: 'a parameter (repeatable)',
    },
    costs: { type: 'string', value: 'MODEL', describe: 'the cost model (as backtest --costs)' },
    ...API_OPTIONS,
  },
  schema: z.object({
    name: z.string({ message: "the strategy's name in the daemon" }).trim().min(1, "the strategy's name"),
    description: z.string().optional(),
    symbols: z.string().optional(),
    timeframe: z.string().optional(),
    param: z.array(z.string()).optional(),
    costs: z.string().optional(),
    ...API_SCHEMA,
  }),
  async run({ args, options: v }) {
    const file = args[0]!;
    const params = v.param ? Object.fromEntries(v.param.map(parseParam)) : undefined;
    return withDaemon(v, async (client) => {
      try {
        const symbols = v.symbols
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const o = { file, name: v.name, description: v.description, symbols, timeframe: v.timeframe };
        console.log(await pushStrategy(client, { ...o, params, costs: v.costs }));
        return 0;
      } catch (err) {
        const data = (err as { data?: { issues?: { path: string; expected: string }[] } }).data;
        const problems = sourceProblems(file, data?.issues);
        if (!problems.length) throw err;
        for (const p of problems) console.error(p);
        return 1;
      }
    });
  },
});

const list = defineCommand({
  summary: 'Your strategies in the daemon, with their latest versions',
  options: { archived: { type: 'boolean', describe: 'include archived strategies' }, ...API_OPTIONS },
  async run({ options: v }) {
    return withDaemon(v, async (client) => {
      console.log(await listStrategies(client, v.archived ?? false));
      return 0;
    });
  },
});

const show = defineCommand({
  summary: "A strategy's version: its parameters, code and hash (--source prints the code)",
  usage: 'ID [--version N] [--source]',
  args: [ID],
  options: {
    version: { type: 'string', value: 'N', describe: 'the version (default the latest)' },
    source: { type: 'boolean', describe: 'print the source code' },
    ...API_OPTIONS,
  },
  schema: z.object({
    version: version,
    source: z.boolean().optional(),
    ...API_SCHEMA,
  }),
  async run({ args, options: v }) {
    const id = idOf(args[0]!);
    return withDaemon(v, async (client) => {
      console.log(await showStrategy(client, id, v.version, v.source ?? false));
      return 0;
    });
  },
});

const diff = defineCommand({
  summary: 'Compare a saved version with a file, or with another version (exit 1 when they differ)',
  usage: 'ID [FILE] [--version N] [--against M]',
  description: 'A unified diff of a saved version (default the latest) against FILE or version --against.',
  args: [ID, { name: 'FILE', describe: 'a file to compare with', optional: true, input: 'file' }],
  options: {
    version: { type: 'string', value: 'N', describe: 'the saved version (default the latest)' },
    against: { type: 'string', value: 'M', describe: 'compare with this saved version instead of a file' },
    ...API_OPTIONS,
  },
  schema: z.object({
    version: version,
    against: version,
    ...API_SCHEMA,
  }),
  async run({ args, options: v }) {
    const id = idOf(args[0]!);
    const file = args[1];
    if (file === undefined && v.against === undefined)
      throw new UsageError('diff: give a FILE to compare with, or --against VERSION');
    return withDaemon(v, async (client) => {
      const text = await diffStrategy(client, id, { file, version: v.version, against: v.against });
      process.stdout.write(text || 'no differences\n');
      return text ? 1 : 0;
    });
  },
});

export const command = defineGroup({
  summary: 'Your own strategy code: init a file, push it to the daemon, list, show, diff',
  description:
    'init and examples work offline; push, list, show and diff talk to a daemon: --url (or\n' +
    'QUANTTRADE_URL, default http://127.0.0.1:8080) and --token (or QUANTTRADE_TOKEN). Run a file\n' +
    'without saving it: quanttrade backtest --strategy-file FILE. docs/user-strategies.md.',
  commands: { init, examples, push, list, show, diff },
});
