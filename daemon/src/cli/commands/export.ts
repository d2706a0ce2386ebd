// `quanttrade export backtest N | bars --symbol S …`: results and stored bars as CSV or Parquet
// files (daemon/src/exports/, docs/exports.md). Reaches the same database as `start`.
import { mkdir } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { withTransaction } from '../../db/pool';
import { backtestTables } from '../../exports/backtest-tables';
import { barTable } from '../../exports/bar-table';
import { writeTableFile, type WrittenFile } from '../../exports/export-writer';
import { EXPORT_FORMATS } from '../../exports/table';
import { findInstruments } from '../../market/instrument-store';
import { UsageError } from '../command';
import { dataContext } from '../data/context';
import { parseCliTime } from '../data/dates';
import { splitFlags, validateFlags } from '../flags';

const HELP = `Usage:
  quanttrade export backtest ID --format csv|parquet [--out DIR]
      A backtest's trades, orders and equity curve: DIR/backtest-ID-{trades,orders,equity}.<format>
  quanttrade export bars --symbol S [--timeframe 1d] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --format csv|parquet [--out DIR]
      Stored bars of one symbol: DIR/<SYMBOL>_<timeframe>.<format> (--to is inclusive)

Timestamps are IST (CSV: ISO 8601 with +05:30; Parquet: timestamp[ms, tz=Asia/Kolkata]).
--out defaults to the current directory; files appear only once complete.
[--home DIR | --database-url URL] pick the database, as for \`start\`.`;

const format = z.enum(EXPORT_FORMATS as [string, ...string[]]).transform((f) => f as 'csv' | 'parquet');
const common = { format, out: z.string().min(1).default('.') };

function report(files: WrittenFile[]): void {
  for (const f of files) console.log(`wrote ${f.path}: ${f.rows} rows, ${f.bytes} bytes`);
}

async function exportBacktest(argv: string[]): Promise<number> {
  const [id, ...rest] = argv;
  if (!id || !/^\d+$/.test(id))
    throw new UsageError(
      `export backtest: expected a backtest id, got ${JSON.stringify(id ?? '')}\n\n${HELP}`,
    );
  const { values, rest: configArgv } = splitFlags(rest, { format: 'string', out: 'string' });
  const flags = validateFlags(z.object(common), values);
  await mkdir(flags.out, { recursive: true });
  return dataContext.withDatabase(configArgv, async (pool) => {
    const files = await withTransaction(pool, async (db) => {
      const { tables } = await backtestTables(db, Number(id));
      const written: WrittenFile[] = [];
      for (const table of tables) written.push(await writeTableFile(table, flags.format, flags.out));
      return written;
    });
    report(files);
    return 0;
  });
}

async function exportBars(argv: string[]): Promise<number> {
  const { values, rest } = splitFlags(argv, {
    symbol: 'string',
    timeframe: 'string',
    from: 'string',
    to: 'string',
    format: 'string',
    out: 'string',
  });
  const flags = validateFlags(
    z.object({
      ...common,
      symbol: z.string().min(1, 'a symbol'),
      timeframe: z.string().default('1d'),
      from: z.string().optional(),
      to: z.string().optional(),
    }),
    values,
  );
  const range = {
    timeframe: flags.timeframe,
    from: parseCliTime('from', flags.from, false),
    to: parseCliTime('to', flags.to, true),
  };
  await mkdir(flags.out, { recursive: true });
  return dataContext.withDatabase(rest, async (pool) => {
    const [instrument] = await findInstruments(pool, [flags.symbol]);
    const file = await withTransaction(pool, async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return writeTableFile(barTable(db, instrument!, range), flags.format, flags.out);
    });
    report([file]);
    return 0;
  });
}

export async function run(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h' || rest.includes('--help')) {
    console.log(HELP);
    return what ? 0 : 2;
  }
  try {
    if (what === 'backtest') return await exportBacktest(rest);
    if (what === 'bars') return await exportBars(rest);
  } catch (err) {
    if (!(err instanceof AppError) || err.kind === 'bug') throw err;
    console.error(`quanttrade export ${what}: ${err.message}`);
    return err.kind === 'fatal' ? 2 : 1;
  }
  throw new UsageError(`unknown export '${what}'\n\n${HELP}`);
}
