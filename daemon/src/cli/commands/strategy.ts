// `quanttrade strategy`: your own strategy code. `init` writes a file to start from (a built-in
// template as user code); `push` saves a file to the daemon as a new version; `list`, `show` and
// `diff` read what the daemon has. Run a file without saving it: `quanttrade backtest
// --strategy-file FILE`. docs/user-strategies.md.
import { parseArgs } from 'node:util';
import { AppError, ERRORS, type ErrorCode } from '../../core/errors';
import { parseParam } from '../backtest/args';
import { UsageError } from '../command';
import { apiClient } from '../strategy/api';
import { exampleNames, initStrategy } from '../strategy/init';
import { pushStrategy, sourceProblems } from '../strategy/push';
import { diffStrategy, listStrategies, showStrategy } from '../strategy/show';

export const STRATEGY_USAGE = `Usage: quanttrade strategy init NAME [--from TEMPLATE] [--force]
       quanttrade strategy push FILE --name NAME [--symbols A,B] [--timeframe 1d] [-p KEY=VALUE]…
                                    [--costs MODEL] [--description TEXT]
       quanttrade strategy list [--archived]
       quanttrade strategy show ID [--version N] [--source]
       quanttrade strategy diff ID [FILE] [--version N] [--against M]

init writes NAME.ts from a built-in template written as user code (default sma-cross); edit it,
try it with \`quanttrade backtest --csv FILE --strategy-file NAME.ts\`, save it with push.
push, list, show and diff talk to a daemon: --url (or QUANTTRADE_URL, default
http://127.0.0.1:8080) and --token (or QUANTTRADE_TOKEN: \`quanttrade user token\`). push creates
the strategy NAME, or adds a version to it; the daemon compiles, type-checks and loads the code
first and reports problems as FILE:LINE:COLUMN. diff compares a saved version (default the
latest) with FILE, or with version --against.`;

const FLAGS = {
  from: { type: 'string' },
  force: { type: 'boolean' },
  name: { type: 'string' },
  description: { type: 'string' },
  symbols: { type: 'string' },
  timeframe: { type: 'string' },
  param: { type: 'string', short: 'p', multiple: true },
  costs: { type: 'string' },
  archived: { type: 'boolean' },
  version: { type: 'string' },
  against: { type: 'string' },
  source: { type: 'boolean' },
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveInt(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag}: got ${JSON.stringify(text)}, expected a whole number >= 1`);
  return n;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (quanttrade strategy --help)`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv);
  const [action, target, extra] = positionals;
  if (v.help || action === undefined) {
    console.log(STRATEGY_USAGE);
    return action === undefined && !v.help ? 2 : 0;
  }
  if (action === 'init') {
    if (!target) throw new UsageError(`NAME: got missing, expected the file to write (init my-strategy)`);
    const file = initStrategy(target, v.from ?? 'sma-cross', v.force ?? false);
    console.log(
      `wrote ${file} (from ${v.from ?? 'sma-cross'}); try it: quanttrade backtest --csv BARS.csv --strategy-file ${file}`,
    );
    return 0;
  }
  if (action === 'examples') {
    console.log(exampleNames().join('\n'));
    return 0;
  }
  const client = apiClient(v);
  try {
    switch (action) {
      case 'push': {
        if (!target) throw new UsageError('FILE: got missing, expected the strategy file to push');
        if (!v.name) throw new UsageError("--name: got missing, expected the strategy's name in the daemon");
        try {
          console.log(
            await pushStrategy(client, {
              file: target,
              name: v.name,
              description: v.description,
              symbols: v.symbols
                ?.split(',')
                .map((s) => s.trim())
                .filter(Boolean),
              timeframe: v.timeframe,
              params: v.param ? Object.fromEntries(v.param.map(parseParam)) : undefined,
              costs: v.costs,
            }),
          );
        } catch (err) {
          const data = (err as { data?: { issues?: { path: string; expected: string }[] } }).data;
          const problems = sourceProblems(target, data?.issues);
          if (!problems.length) throw err;
          for (const p of problems) console.error(p);
          return 1;
        }
        return 0;
      }
      case 'list':
        console.log(await listStrategies(client, v.archived ?? false));
        return 0;
      case 'show':
        console.log(
          await showStrategy(client, idOf(target), positiveInt('--version', v.version), v.source ?? false),
        );
        return 0;
      case 'diff': {
        if (extra === undefined && v.against === undefined)
          throw new UsageError('diff: give a FILE to compare with, or --against VERSION');
        const diff = await diffStrategy(client, idOf(target), {
          file: extra,
          version: positiveInt('--version', v.version),
          against: positiveInt('--against', v.against),
        });
        process.stdout.write(diff || 'no differences\n');
        return diff ? 1 : 0;
      }
      default:
        throw new UsageError(`got ${JSON.stringify(action)}, expected init, push, list, show or diff`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof AppError) throw err;
    // The daemon's answer (NOT_FOUND, BAD_REQUEST…) or no answer at all: a message, no stack.
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

function idOf(text: string | undefined): number {
  const id = positiveInt('ID', text);
  if (id === undefined)
    throw new UsageError('ID: got missing, expected a strategy id (quanttrade strategy list)');
  return id;
}
